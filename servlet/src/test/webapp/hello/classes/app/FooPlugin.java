package app;

public class FooPlugin implements app.lib.Plugin {
}
