package org.drover.webapp.jersey;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;

/**
 * {@code GET /api/sleep?seconds=N}: sleeps N seconds (default 1, fractional allowed, at most a day) then answers
 * {@code slept N}; the harakiri tests time it out and look for {@link #sleepInJersey} on the stuck thread's stack.
 */
@Path("sleep")
public final class SleepResource {

    private static final double MAX_SECONDS = 86_400;

    @GET
    @Produces("text/plain;charset=utf-8")
    public String sleep(@QueryParam("seconds") @DefaultValue("1") String seconds) {
        double value = parse(seconds);
        try {
            sleepInJersey(value);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceUnavailableException("interrupted while sleeping");
        }
        return "slept " + BigDecimal.valueOf(value).stripTrailingZeros().toPlainString() + "\n";
    }

    /** The frame the harakiri tests look for: the name says where the thread is stuck. */
    static void sleepInJersey(double seconds) throws InterruptedException {
        Thread.sleep(Math.round(seconds * 1000));
    }

    private static double parse(String seconds) {
        try {
            double value = Double.parseDouble(seconds.strip());
            if (value >= 0 && value <= MAX_SECONDS) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new BadRequestException(Response.status(Response.Status.BAD_REQUEST)
                .type("text/plain;charset=utf-8")
                .entity("seconds must be a number from 0 to 86400, got '" + seconds + "'\n")
                .build());
    }
}
