package org.drover.master.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.drover.wire.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code drover reload} and {@code drover stop}: signal a running master found through its
 * pidfile, for scripts and for systemd's {@code ExecReload}. Java cannot send SIGHUP, so reload
 * runs {@code kill -HUP}.
 */
abstract class SignalCommand implements Callable<Integer> {

    @Option(
            names = "--pidfile",
            required = true,
            paramLabel = "FILE",
            description = "The pidfile the master was started with (--pidfile).")
    Path pidfile;

    @Spec
    CommandSpec spec;

    /** Signals the master; returns true if the signal was sent. */
    abstract boolean signal(ProcessHandle master) throws IOException, InterruptedException;

    abstract String signalName();

    @Override
    public Integer call() throws Exception {
        var err = spec.commandLine().getErr();
        String text;
        try {
            text = Files.readString(pidfile).strip();
        } catch (java.nio.file.NoSuchFileException e) {
            err.println("drover: no pidfile " + pidfile + "; is the master running, and started with --pidfile?");
            return ExitCodes.FAILURE;
        } catch (IOException e) {
            err.println("drover: cannot read pidfile " + pidfile + ": " + e.getMessage());
            return ExitCodes.FAILURE;
        }
        long pid;
        try {
            pid = Long.parseLong(text);
        } catch (NumberFormatException e) {
            err.println("drover: pidfile " + pidfile + " holds '" + text + "', not a pid");
            return ExitCodes.FAILURE;
        }
        Optional<ProcessHandle> master = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (master.isEmpty()) {
            err.println("drover: no process " + pid + " (from pidfile " + pidfile + "); is the master running?");
            return ExitCodes.FAILURE;
        }
        if (!signal(master.get())) {
            err.println("drover: could not send SIG" + signalName() + " to master pid " + pid);
            return ExitCodes.FAILURE;
        }
        spec.commandLine().getOut().println("drover: sent SIG" + signalName() + " to master pid " + pid);
        return ExitCodes.OK;
    }

    /** {@code drover reload --pidfile FILE}: a rolling reload of every worker. */
    @Command(
            name = "reload",
            mixinStandardHelpOptions = true,
            description = "Reload a running master (SIGHUP): each worker is replaced once its successor is ready.")
    static final class Reload extends SignalCommand {

        @Override
        boolean signal(ProcessHandle master) throws IOException, InterruptedException {
            return new ProcessBuilder("kill", "-HUP", Long.toString(master.pid()))
                            .inheritIO()
                            .start()
                            .waitFor()
                    == 0;
        }

        @Override
        String signalName() {
            return "HUP";
        }
    }

    /** {@code drover stop --pidfile FILE}: a graceful stop. */
    @Command(
            name = "stop",
            mixinStandardHelpOptions = true,
            description = "Stop a running master gracefully (SIGTERM): requests in flight finish first.")
    static final class Stop extends SignalCommand {

        @Override
        boolean signal(ProcessHandle master) {
            return master.destroy();
        }

        @Override
        String signalName() {
            return "TERM";
        }
    }
}
