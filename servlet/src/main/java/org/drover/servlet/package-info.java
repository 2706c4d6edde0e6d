/**
 * Jakarta Servlet webapps in a Drover worker: {@link org.drover.servlet.Container}, an {@link
 * org.drover.api.Application} that serves one or more webapps through Jetty 12's ee11 container,
 * in process, with no network listener. Everything else here is how a request gets through Jetty
 * and back: the connection of a slot ({@code SlotConnection}), its exchange ({@code Exchange},
 * Jetty's HttpStream) and its body ({@code RequestContent}).
 */
package org.drover.servlet;
