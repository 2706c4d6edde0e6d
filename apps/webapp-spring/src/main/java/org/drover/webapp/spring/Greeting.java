package org.drover.webapp.spring;

/** What {@code GET /json} answers: {@code {"app":"drover-webapp-spring","greeting":"spring"}}. */
record Greeting(String app, String greeting) {}
