/**
 * A plain Servlet 6.1 webapp, the fixture Drover's integration tests, README examples and benchmark deploy unmodified.
 *
 * <p>It mixes the two ways a webapp declares itself: {@code WEB-INF/web.xml} declares {@link
 * org.drover.webapp.hello.HelloServlet}, {@link org.drover.webapp.hello.FilteredHeaderFilter}, {@link
 * org.drover.webapp.hello.ContextLogListener}, the context parameters and the error pages; the other servlets and
 * {@link org.drover.webapp.hello.SchedulerListener} are annotated. Its one {@code ServletContainerInitializer},
 * {@link org.drover.webapp.hello.FailAtStartInitializer}, does nothing unless told to fail.
 * Servlets, the filter and the listeners are public because the container instantiates them; their helpers are not.
 */
package org.drover.webapp.hello;
