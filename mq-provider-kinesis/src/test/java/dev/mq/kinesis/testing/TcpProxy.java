package dev.mq.kinesis.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on 127.0.0.1 in front of an emulator. {@link #cut()} closes every connection and
 * stops listening (the broker's network is gone: connections reset, new ones refused);
 * {@link #resume()} listens again on the same port. It exists because a persistent kinesis-local
 * only writes its data at a graceful stop, which waits for open client connections: cutting them
 * here first lets the emulator stop cleanly while the broker under test stays connected to the
 * proxy's port. Two daemon threads per connection; every socket is closed by {@link #close()}.
 *
 * <p>Two faults leave the connections open: {@link #blackHole()} forwards nothing in either
 * direction (calls hang until the client's timeout), and {@link #dropResponses} forwards a
 * matching request and then closes its connection instead of passing the response back (the
 * server applied the request, the client never hears of it).
 */
public final class TcpProxy implements AutoCloseable {

  private final int upstreamPort;
  private final int port;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final AtomicInteger connections = new AtomicInteger();
  private volatile ServerSocket server;
  private volatile boolean blackHole;
  private final AtomicInteger responsesToDrop = new AtomicInteger();
  private volatile String dropMarker;
  private final AtomicInteger dropped = new AtomicInteger();

  public TcpProxy(int upstreamPort, int port) {
    this.upstreamPort = upstreamPort;
    this.port = port;
  }

  public int port() {
    return port;
  }

  /** Connections accepted so far. */
  public int connections() {
    return connections.get();
  }

  /** Forwards nothing in either direction from now on, keeping every connection open. */
  public void blackHole() {
    blackHole = true;
  }

  /** Forwards again (after {@link #blackHole()}); what was swallowed stays lost. */
  public void heal() {
    blackHole = false;
    responsesToDrop.set(0);
  }

  /**
   * The next {@code n} requests whose bytes contain {@code marker} are forwarded, and their
   * connections closed when the response arrives, before any of it reaches the client.
   */
  public void dropResponses(String marker, int n) {
    dropMarker = marker;
    responsesToDrop.set(n);
  }

  /** Responses dropped so far by {@link #dropResponses}. */
  public int droppedResponses() {
    return dropped.get();
  }

  /** Starts listening. */
  public synchronized TcpProxy resume() throws IOException {
    if (server != null) {
      return this;
    }
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    server = s;
    Thread acceptor = new Thread(() -> accept(s), "tcp-proxy-accept-" + port);
    acceptor.setDaemon(true);
    acceptor.start();
    return this;
  }

  /** Closes every connection and stops listening. */
  public synchronized void cut() {
    ServerSocket s = server;
    server = null;
    closeQuietly(s);
    for (Socket socket : sockets) {
      closeQuietly(socket);
    }
    sockets.clear();
  }

  @Override
  public void close() {
    cut();
  }

  private void accept(ServerSocket s) {
    while (!s.isClosed()) {
      Socket client;
      try {
        client = s.accept();
      } catch (IOException e) {
        return; // cut
      }
      connections.incrementAndGet();
      Socket upstream = new Socket();
      try {
        upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort), 5000);
      } catch (IOException e) {
        closeQuietly(client);
        closeQuietly(upstream);
        continue;
      }
      sockets.add(client);
      sockets.add(upstream);
      if (server != s) { // cut while connecting
        closeQuietly(client);
        closeQuietly(upstream);
        return;
      }
      Connection c = new Connection();
      pump(client, upstream, c, true);
      pump(upstream, client, c, false);
    }
  }

  /** One proxied connection: whether the response to its current request is to be dropped. */
  private static final class Connection {
    volatile boolean dropResponse;
  }

  private void pump(Socket from, Socket to, Connection c, boolean requests) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[16 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buf)) >= 0) {
          if (blackHole) {
            continue; // swallowed
          }
          if (requests) {
            String marker = dropMarker;
            if (marker != null && responsesToDrop.get() > 0
                && new String(buf, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1).contains(marker)
                && responsesToDrop.getAndDecrement() > 0) {
              c.dropResponse = true;
            }
          } else if (c.dropResponse) {
            dropped.incrementAndGet();
            return; // closes both sides below: the request was applied, its answer is lost
          }
          out.write(buf, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // closed on either side
      } finally {
        closeQuietly(from);
        closeQuietly(to);
        sockets.remove(from);
        sockets.remove(to);
      }
    }, "tcp-proxy-pump-" + port);
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception e) {
      // already closed
    }
  }
}
