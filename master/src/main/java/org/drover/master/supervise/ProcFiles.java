package org.drover.master.supervise;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Memory figures of a process from {@code /proc/PID/status}, for recycling and the stats. */
final class ProcFiles {

    private ProcFiles() {}

    /** Resident set size in bytes, or 0 if it cannot be read. */
    static long residentBytes(long pid) {
        return kilobytes(pid, "VmRSS:") * 1024;
    }

    /** Virtual size in bytes, or 0 if it cannot be read. */
    static long virtualBytes(long pid) {
        return kilobytes(pid, "VmSize:") * 1024;
    }

    private static long kilobytes(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // gone, or not Linux
        }
        return 0;
    }
}
