package app.lib;

/** The type a ServletContainerInitializer asks for with @HandlesTypes. */
public interface Plugin {
}
