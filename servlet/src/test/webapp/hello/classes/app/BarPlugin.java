package app;

public class BarPlugin implements app.lib.Plugin {
}
