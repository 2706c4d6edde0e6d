package org.drover.master.user;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import jnr.constants.platform.Errno;
import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;
import jnr.ffi.types.size_t;
import jnr.posix.Group;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;
import jnr.posix.Passwd;

/**
 * The user and group the master becomes once its listeners are bound ({@code uid} and {@code
 * gid}, uWSGI's names; a name or a number), for good: supplementary groups, then the group, then
 * the user, real and effective, before any worker is spawned, so no worker runs as root. The JDK
 * has none of these calls; jnr-posix has all but {@code setgroups}/{@code initgroups}, which are
 * bound from libc here. glibc applies each to every thread of the process.
 */
public final class TargetUser {

    /** The libc calls jnr-posix lacks. */
    public interface Groups {
        int setgroups(@size_t long size, int[] list);

        int initgroups(String user, int group);
    }

    private final POSIX posix;
    /** The user's name in the passwd database, or null for a bare number. */
    private final String name;

    private final int uid;
    private final int gid;

    private TargetUser(POSIX posix, String name, int uid, int gid) {
        this.posix = posix;
        this.name = name;
        this.uid = uid;
        this.gid = gid;
    }

    /**
     * The user and group these options name; without {@code gid}, the user's own group.
     *
     * @return empty when neither option is set
     * @throws IllegalArgumentException naming the option and the value that names no user or group
     */
    public static Optional<TargetUser> of(Optional<String> uidOption, Optional<String> gidOption) {
        if (uidOption.isEmpty() && gidOption.isEmpty()) {
            return Optional.empty();
        }
        POSIX posix = POSIXFactory.getNativePOSIX();
        String name = null;
        int uid = posix.getuid();
        Integer userGroup = null;
        if (uidOption.isPresent()) {
            String value = uidOption.get();
            Passwd entry = isNumber(value) ? posix.getpwuid(Integer.parseInt(value)) : posix.getpwnam(value);
            if (entry == null && !isNumber(value)) {
                throw new IllegalArgumentException("uid '" + value + "': no such user");
            }
            uid = isNumber(value) ? Integer.parseInt(value) : (int) entry.getUID();
            if (entry != null) {
                name = entry.getLoginName();
                userGroup = (int) entry.getGID();
            }
        }
        int gid;
        if (gidOption.isPresent()) {
            String value = gidOption.get();
            if (isNumber(value)) {
                gid = Integer.parseInt(value);
            } else {
                Group group = posix.getgrnam(value);
                if (group == null) {
                    throw new IllegalArgumentException("gid '" + value + "': no such group");
                }
                gid = (int) group.getGID();
            }
        } else if (userGroup != null) {
            gid = userGroup;
        } else {
            throw new IllegalArgumentException(
                    "uid '" + uidOption.get() + "' is no user in the passwd database: give its group with gid");
        }
        return Optional.of(new TargetUser(posix, name, uid, gid));
    }

    private static boolean isNumber(String value) {
        return !value.isEmpty() && value.chars().allMatch(Character::isDigit) && value.length() < 10;
    }

    /** Gives the target user a file the master made as root, if it exists; a directory with what it holds. */
    public void handOver(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            try (var entries = Files.list(path)) {
                for (Path entry : (Iterable<Path>) entries::iterator) {
                    handOver(entry);
                }
            }
        }
        if (posix.lchown(path.toString(), uid, gid) != 0) {
            throw new IOException("cannot give " + path + " to uid " + uid + ": " + errno(posix.errno()));
        }
    }

    /**
     * Becomes the target user and group for good: supplementary groups (the user's, or none),
     * group, user; then checks that root cannot be had back.
     *
     * @throws IOException naming the call that failed and why
     */
    public void become() throws IOException {
        Groups libc = LibraryLoader.create(Groups.class).load("c");
        int groups = name != null ? libc.initgroups(name, gid) : libc.setgroups(0, new int[0]);
        if (groups != 0 && posix.geteuid() == 0) {
            throw new IOException("cannot set the groups of " + this + ": "
                    + errno(LastError.getLastError(jnr.ffi.Runtime.getRuntime(libc))));
        }
        if (posix.setgid(gid) != 0) {
            throw new IOException("cannot become gid " + gid + ": " + errno(posix.errno()));
        }
        if (posix.setuid(uid) != 0) {
            throw new IOException("cannot become uid " + uid + ": " + errno(posix.errno()));
        }
        if (posix.getuid() != uid || posix.geteuid() != uid || posix.getgid() != gid || posix.getegid() != gid) {
            throw new IOException("the drop to " + this + " did not take: uid " + posix.getuid() + "/" + posix.geteuid()
                    + ", gid " + posix.getgid() + "/" + posix.getegid());
        }
        if (uid != 0 && posix.setuid(0) == 0) {
            throw new IOException("the drop to " + this + " can be undone: setuid(0) succeeded");
        }
    }

    private static String errno(int code) {
        Errno errno = Errno.valueOf(code);
        return errno == null ? "errno " + code : errno.description() + " (" + errno.name() + ")";
    }

    @Override
    public String toString() {
        return (name == null ? "uid " + uid : "user " + name + " (uid " + uid + ")") + ", gid " + gid;
    }
}
