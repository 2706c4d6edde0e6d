/**
 * A Jakarta REST webapp on Jersey 4, the fixture for Drover's tests of a framework that starts itself: no servlet in
 * {@code web.xml}, Jersey's {@code ServletContainerInitializer} finds {@link org.drover.webapp.jersey.JerseyWebapp}
 * through {@code @HandlesTypes} and mounts it at {@code /api}. Jersey, HK2 and Jackson are in {@code WEB-INF/lib}; the
 * container provides only the Servlet API. Resources are public because Jersey instantiates them.
 */
package org.drover.webapp.jersey;
