package dev.writeback.writers;

import dev.writeback.core.error.ConflictException;
import dev.writeback.core.error.InvalidInputException;
import dev.writeback.core.error.UpstreamException;
import dev.writeback.core.output.Target;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Duration;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHPosixRenameExtension;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

/**
 * Writes {@code dir/.name.part} over SFTP and renames it to {@code dir/name} in {@link #publish()} (the OpenSSH
 * posix-rename extension replaces an existing file atomically; without it the old file is removed first). Missing
 * folders are created. A dropped connection leaves the final file as it was (and possibly a stale {@code .part}).
 */
final class SftpSink implements FileSink {
    /** The expected host key fingerprint of a session ({@code SHA256:…}), read by the client's host key verifier. */
    static final AttributeRepository.AttributeKey<String> FINGERPRINT = new AttributeRepository.AttributeKey<>();

    private final Target.Sftp target;
    private final String path;
    private final String temp;
    private final ClientSession session;
    private final SftpClient sftp;
    private final OutputStream out;

    /** @param address the address the guard checked for the target's host: connected to, the name not resolved again */
    SftpSink(SshClient client, Target.Sftp target, InetSocketAddress address, String path, Duration timeout) {
        this.target = target;
        this.path = path;
        int slash = path.lastIndexOf('/');
        String dir = slash < 0 ? "" : path.substring(0, slash);
        this.temp = (slash < 0 ? "" : dir + "/") + "." + path.substring(slash + 1) + ".part";
        ClientSession s = null;
        SftpClient c = null;
        try {
            AttributeRepository context = target.hostKeyFingerprint() == null ? null
                    : AttributeRepository.ofKeyValuePair(FINGERPRINT, target.hostKeyFingerprint());
            s = client.connect(target.username(), address, context, null).verify(timeout).getSession();
            if (target.password() != null) {
                s.addPasswordIdentity(target.password());
            }
            if (target.privateKey() != null) {
                for (KeyPair kp : keys(s)) {
                    s.addPublicKeyIdentity(kp);
                }
            }
            try {
                s.auth().verify(timeout);
            } catch (IOException e) {
                throw new UpstreamException("The SFTP server " + where() + " refused the login of " + target.username()
                        + " (check target.username, target.password or target.privateKey): " + e.getMessage(), e);
            }
            c = SftpClientFactory.instance().createSftpClient(s);
            mkdirs(c, dir);
            if (!target.overwrite() && exists(c, path)) {
                throw new ConflictException(location() + " already exists and target.overwrite is false; nothing was written");
            }
            this.out = c.write(temp, SftpClient.OpenMode.Write, SftpClient.OpenMode.Create, SftpClient.OpenMode.Truncate);
        } catch (IOException e) {
            closeQuietly(c, s);
            throw new UpstreamException("Could not open " + location() + " for writing: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(c, s);
            throw e;
        }
        this.session = s;
        this.sftp = c;
    }

    private Iterable<KeyPair> keys(ClientSession s) {
        try {
            Iterable<KeyPair> keys = SecurityUtils.loadKeyPairIdentities(s, NamedResource.ofName("target.privateKey"),
                    new ByteArrayInputStream(target.privateKey().getBytes(StandardCharsets.UTF_8)),
                    target.passphrase() == null ? null : FilePasswordProvider.of(target.passphrase()));
            if (keys == null || !keys.iterator().hasNext()) {
                throw new InvalidInputException("target.privateKey holds no private key (PEM or OpenSSH format expected)");
            }
            return keys;
        } catch (IOException | GeneralSecurityException e) {
            throw new InvalidInputException("target.privateKey could not be read (PEM or OpenSSH format; "
                    + "is target.passphrase right?): " + e.getMessage());
        }
    }

    private String where() {
        return target.host() + ":" + target.port();
    }

    @Override
    public OutputStream stream() {
        return out;
    }

    @Override
    public String location() {
        return "sftp://" + where() + (path.startsWith("/") ? "" : "/") + path;
    }

    @Override
    public void publish() throws IOException {
        try {
            if (!target.overwrite() && exists(sftp, path)) {
                sftp.remove(temp);
                throw new ConflictException(location() + " was created by someone else during the write and target.overwrite is false; nothing was written");
            }
            OpenSSHPosixRenameExtension posix = sftp.getExtension(OpenSSHPosixRenameExtension.class);
            if (posix != null && posix.isSupported()) {
                posix.posixRename(temp, path);
            } else {
                if (exists(sftp, path)) {
                    sftp.remove(path);
                }
                sftp.rename(temp, path);
            }
        } finally {
            closeQuietly(sftp, session);
        }
    }

    @Override
    public void abort() {
        try {
            out.close();
        } catch (IOException | RuntimeException ignored) {
            // the connection may be gone: the temporary file is what is left, never the final one
        }
        try {
            sftp.remove(temp);
        } catch (IOException | RuntimeException ignored) {
            // same
        }
        closeQuietly(sftp, session);
    }

    private static boolean exists(SftpClient c, String p) throws IOException {
        try {
            c.stat(p);
            return true;
        } catch (SftpException e) {
            if (e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE) {
                return false;
            }
            throw e;
        }
    }

    private static void mkdirs(SftpClient c, String dir) throws IOException {
        if (dir.isEmpty() || exists(c, dir)) {
            return;
        }
        int slash = dir.lastIndexOf('/');
        if (slash > 0) {
            mkdirs(c, dir.substring(0, slash));
        }
        c.mkdir(dir);
    }

    private static void closeQuietly(SftpClient c, ClientSession s) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (IOException | RuntimeException ignored) {
            // closing a dead channel
        }
        try {
            if (s != null) {
                s.close();
            }
        } catch (IOException | RuntimeException ignored) {
            // closing a dead session
        }
    }
}
