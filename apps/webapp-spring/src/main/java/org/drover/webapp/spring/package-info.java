/**
 * A Spring Boot 4 webapp deployed as a plain WAR, the fixture for Drover's tests and measurements of the heaviest
 * common case: Spring's {@code ServletContainerInitializer} (in {@code spring-web}) finds {@link
 * org.drover.webapp.spring.SpringWebapp} through {@code @HandlesTypes(WebApplicationInitializer.class)} and boots the
 * application context, Spring MVC's {@code DispatcherServlet} at {@code /}. No embedded server is in the WAR.
 */
package org.drover.webapp.spring;
