package org.drover.master.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.drover.master.config.ServiceAddress;
import org.drover.wire.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code drover ctl ADDR COMMAND}: sends one command to a master's control socket
 * ({@code --ctl-socket}) and prints its reply. The exit code says whether the command worked,
 * so scripts can act on it: a reload returns once every worker runs the new apps, or fails when
 * the new apps did not load.
 */
@Command(
        name = "ctl",
        mixinStandardHelpOptions = true,
        description = "Send a command to a running master's --ctl-socket and print its reply; exit 0 if it worked.")
final class CtlCommand implements Callable<Integer> {

    @Parameters(
            index = "0",
            paramLabel = "ADDR",
            description = "The master's --ctl-socket: HOST:PORT or a UNIX socket path.")
    String address;

    @Parameters(index = "1", paramLabel = "COMMAND", description = "The command, such as reload or status.")
    String command;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            defaultValue = "600",
            description = "How long to wait for the reply (a reload can take a while); default ${DEFAULT-VALUE}.")
    int timeout;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        String reply;
        try {
            reply = CompletableFuture.supplyAsync(this::exchange).get(timeout, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            err.println("drover ctl: no reply from " + address + " to '" + command + "' within " + timeout + " s");
            return ExitCodes.FAILURE;
        } catch (Exception e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            err.println("drover ctl: cannot talk to the master at " + address + ": "
                    + describe(cause.getCause() != null ? cause.getCause() : cause));
            return ExitCodes.FAILURE;
        }
        int newline = reply.indexOf('\n');
        String status = newline < 0 ? reply : reply.substring(0, newline);
        String text = newline < 0 ? "" : reply.substring(newline + 1);
        if (status.equals("ok")) {
            PrintWriter out = spec.commandLine().getOut();
            out.print(text);
            out.flush();
            return ExitCodes.OK;
        }
        if (status.equals("error")) {
            err.print("drover ctl: " + command + ": " + text);
        } else {
            err.println("drover ctl: the master closed the connection without answering '" + command
                    + "' (is it stopping?)");
        }
        err.flush();
        return ExitCodes.FAILURE;
    }

    private static String describe(Throwable failure) {
        return failure.getMessage() != null
                ? failure.getMessage()
                : failure.getClass().getSimpleName();
    }

    /** Sends the command, reads the whole reply. */
    private String exchange() {
        try (SocketChannel channel = new ServiceAddress(address).connect()) {
            channel.write(java.nio.ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8)));
            return new String(Channels.newInputStream(channel).readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
