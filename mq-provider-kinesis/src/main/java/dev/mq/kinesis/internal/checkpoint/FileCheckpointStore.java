package dev.mq.kinesis.internal.checkpoint;

import dev.mq.kinesis.checkpoint.Checkpoint;
import dev.mq.kinesis.checkpoint.CheckpointStore;
import dev.mq.kinesis.checkpoint.CheckpointStoreException;
import dev.mq.kinesis.internal.lease.DoneAheadStore;
import dev.mq.kinesis.internal.lease.DoneRange;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * One text file per stream and group under a directory. Each save rewrites the whole file
 * atomically (temp file, fsync, atomic rename, fsync of the directory), so a crash leaves either
 * the old or the new file. The last line holds a CRC-32C of the lines before it: a file that does
 * not match is reported as corrupt, never silently replaced by a fresh start. Lines:
 * {@code shard <id> <checkpoint>} per shard, and {@code done <id> <from>..<to>} per run of
 * messages acknowledged beyond a shard's checkpoint, written when the consumer closes (at most
 * {@link DoneRange#MAX_RANGES} per shard), so that a restart does not deliver them again.
 *
 * <p>A failed write (disk full, no permission) throws {@link CheckpointStoreException}, removes
 * its temporary file and leaves the last good file as it was; the temporary file is never read.
 */
public final class FileCheckpointStore implements CheckpointStore, DoneAheadStore {

  static final String HEADER = "# mq-kinesis checkpoints v1";
  private static final String SUFFIX = ".checkpoints";
  private static final int MAX_FILE_NAME = 200;
  /**
   * Largest file read back: far above what 10,000 shards need (about 1 MiB), so a larger file
   * is not ours, and reading it must not exhaust the heap.
   */
  static final long MAX_FILE_BYTES = 16L * 1024 * 1024;

  /**
   * The file operations the store needs, so that tests can make them fail (a full disk or a
   * read-only directory cannot be made without root on every machine). {@link #REAL} is the
   * file system.
   */
  interface Disk {
    /** Writes {@code bytes} to {@code file} (created or truncated) and forces them to the device. */
    void writeAndForce(Path file, byte[] bytes) throws IOException;

    /** Renames {@code from} to {@code to} atomically, replacing {@code to}. */
    void moveAtomically(Path from, Path to) throws IOException;

    /** The file system itself. */
    Disk REAL = new Disk() {
      @Override
      public void writeAndForce(Path file, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
          ByteBuffer buf = ByteBuffer.wrap(bytes);
          while (buf.hasRemaining()) {
            ch.write(buf);
          }
          ch.force(true);
        }
      }

      @Override
      public void moveAtomically(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      }
    };
  }

  private final Path directory;
  private final Disk disk;
  private final Map<Path, Stored> cache = new HashMap<>();

  /** What one file holds: each shard's checkpoint, and the runs done beyond it (from a close). */
  private record Stored(Map<String, Checkpoint> checkpoints, Map<String, List<DoneRange>> doneAhead) {}

  /**
   * A store writing under {@code directory}, which is created when missing.
   *
   * @param directory where the checkpoint files live
   */
  public FileCheckpointStore(Path directory) {
    this(directory, Disk.REAL);
  }

  /** A store whose writes go through {@code disk} (tests inject failures there). */
  FileCheckpointStore(Path directory, Disk disk) {
    this.directory = directory.toAbsolutePath();
    this.disk = disk;
  }

  /** {@return the directory the files live in} */
  public Path directory() {
    return directory;
  }

  /**
   * {@return the file that holds the checkpoints of {@code stream} and {@code group}}
   *
   * @param stream the stream (name or ARN)
   * @param group the consumer group
   */
  public Path fileFor(String stream, String group) {
    String name = encode(stream) + "." + encode(group);
    if (name.length() > MAX_FILE_NAME) {
      name = sha256(name);
    }
    return directory.resolve(name + SUFFIX);
  }

  @Override
  public synchronized Map<String, Checkpoint> load(String stream, String group) {
    Path file = fileFor(stream, group);
    Stored loaded = read(file, stream, group);
    cache.put(file, loaded);
    return Map.copyOf(loaded.checkpoints());
  }

  @Override
  public synchronized Map<String, List<DoneRange>> loadDoneAhead(String stream, String group) {
    return Map.copyOf(stored(fileFor(stream, group), stream, group).doneAhead());
  }

  @Override
  public synchronized void save(String stream, String group, Map<String, Checkpoint> checkpoints) {
    save(stream, group, checkpoints, Map.of());
  }

  @Override
  public synchronized void save(String stream, String group, Map<String, Checkpoint> checkpoints,
      Map<String, List<DoneRange>> doneAhead) {
    Path file = fileFor(stream, group);
    Stored all = stored(file, stream, group);
    Map<String, Checkpoint> nextCheckpoints = new TreeMap<>(all.checkpoints());
    nextCheckpoints.putAll(checkpoints);
    Map<String, List<DoneRange>> nextDone = new TreeMap<>(all.doneAhead());
    doneAhead.forEach((shard, runs) -> {
      if (runs.isEmpty()) {
        nextDone.remove(shard);
      } else {
        nextDone.put(shard, List.copyOf(DoneRange.bounded(runs)));
      }
    });
    Stored next = new Stored(nextCheckpoints, nextDone);
    write(file, stream, group, next);
    cache.put(file, next);
  }

  private Stored stored(Path file, String stream, String group) {
    Stored s = cache.get(file);
    return s != null ? s : read(file, stream, group);
  }

  @Override
  public boolean isDurable() {
    return true;
  }

  @Override
  public synchronized void close() {
    cache.clear();
  }

  private Stored read(Path file, String stream, String group) {
    byte[] bytes;
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw corrupt(file, "it is larger than " + MAX_FILE_BYTES + " bytes");
      }
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return new Stored(Map.of(), Map.of());
    } catch (IOException | RuntimeException e) {
      if (e instanceof CheckpointStoreException c) {
        throw c;
      }
      throw new CheckpointStoreException("cannot read checkpoint file " + file + ": " + e, e);
    }
    String text;
    try {
      // strict: a damaged byte must be reported, not turned into a replacement character
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw corrupt(file, "it is not valid UTF-8 text");
    }
    int lastLine = text.lastIndexOf('\n', text.length() - 2);
    if (!text.endsWith("\n") || lastLine < 0) {
      throw corrupt(file, "it is truncated");
    }
    String body = text.substring(0, lastLine + 1);
    String crcLine = text.substring(lastLine + 1, text.length() - 1);
    if (!crcLine.equals("crc32c " + crc(body))) {
      throw corrupt(file, "its checksum does not match its content");
    }
    List<String> lines = body.lines().toList();
    if (lines.size() < 3 || !lines.get(0).equals(HEADER)
        || !lines.get(1).equals("stream " + encode(stream))
        || !lines.get(2).equals("group " + encode(group))) {
      throw corrupt(file, "it does not belong to stream '" + stream + "' and group '" + group + "'");
    }
    Map<String, Checkpoint> result = new TreeMap<>();
    Map<String, List<DoneRange>> done = new TreeMap<>();
    for (String line : lines.subList(3, lines.size())) {
      String[] parts = line.split(" ");
      if (parts.length != 3 || !(parts[0].equals("shard") || parts[0].equals("done"))) {
        throw corrupt(file, "it has the malformed line '" + line + "'");
      }
      try {
        if (parts[0].equals("shard")) {
          result.put(parts[1], Checkpoint.parse(parts[2]));
        } else {
          done.computeIfAbsent(parts[1], k -> new ArrayList<>()).add(DoneRange.parse(parts[2]));
        }
      } catch (IllegalArgumentException e) {
        throw corrupt(file, "it has the malformed line '" + line + "'");
      }
    }
    return new Stored(result, done);
  }

  private void write(Path file, String stream, String group, Stored all) {
    StringBuilder body = new StringBuilder();
    body.append(HEADER).append('\n');
    body.append("stream ").append(encode(stream)).append('\n');
    body.append("group ").append(encode(group)).append('\n');
    all.checkpoints().forEach((shard, cp) -> body.append("shard ").append(shard).append(' ').append(cp).append('\n'));
    all.doneAhead().forEach((shard, runs) -> runs.forEach(
        run -> body.append("done ").append(shard).append(' ').append(run).append('\n')));
    String text = body + "crc32c " + crc(body.toString()) + "\n";
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.createDirectories(directory);
      try {
        disk.writeAndForce(temp, text.getBytes(StandardCharsets.UTF_8));
        disk.moveAtomically(temp, file);
      } catch (IOException | RuntimeException e) {
        // a half-written temporary file (disk full) must not be left behind
        deleteQuietly(temp);
        throw e;
      }
      syncDirectory();
    } catch (AtomicMoveNotSupportedException e) {
      throw new CheckpointStoreException("the file system of " + directory
          + " cannot rename atomically; choose another mq.kinesis.checkpoint-dir", e);
    } catch (IOException e) {
      throw new CheckpointStoreException("cannot write checkpoint file " + file + " (the last "
          + "saved checkpoints stay in it): " + e, e);
    }
  }

  private static void deleteQuietly(Path temp) {
    try {
      Files.deleteIfExists(temp);
    } catch (IOException | RuntimeException e) {
      // the next write truncates it; it is never read
    }
  }

  private void syncDirectory() {
    // Makes the rename itself durable; not every platform lets a directory be opened for this.
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException e) {
      // best effort: the file content itself was forced before the rename
    }
  }

  private static CheckpointStoreException corrupt(Path file, String why) {
    return new CheckpointStoreException("checkpoint file " + file + " is corrupt: " + why
        + "; repair or delete it (deleting restarts the group at mq.kinesis.initial-position)");
  }

  static String crc(String text) {
    CRC32C crc = new CRC32C();
    crc.update(text.getBytes(StandardCharsets.UTF_8));
    return String.format("%08x", crc.getValue());
  }

  /** Percent-encodes every character outside {@code [A-Za-z0-9_-]} as UTF-8 bytes. */
  static String encode(String s) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-') {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return out.toString();
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
