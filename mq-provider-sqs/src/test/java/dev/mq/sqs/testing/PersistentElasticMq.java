package dev.mq.sqs.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.pattern.Patterns;
import org.elasticmq.StrictSQSLimits$;
import org.elasticmq.actor.QueueManagerActor;
import org.elasticmq.actor.queue.QueueEvent;
import org.elasticmq.persistence.sql.SqlQueuePersistenceActor;
import org.elasticmq.persistence.sql.SqlQueuePersistenceConfig;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.elasticmq.rest.sqs.TheSQSRestServerBuilder;
import org.elasticmq.util.NowProvider;

/**
 * An ElasticMQ in this JVM whose queues and messages are kept in an H2 database file, so that
 * {@link #restart()} stops the server (REST endpoint, actor system, queue actors) and starts a
 * new one on the same port that restores every queue and message from the file: the restart the
 * TCK's DURABLE rules need.
 */
public final class PersistentElasticMq {

  private final Path database;
  private ActorSystem system;
  private SQSRestServer server;
  private int port;

  /** Starts a server keeping its data in {@code dir}. */
  public PersistentElasticMq(Path dir) {
    this.database = dir.resolve("elasticmq").toAbsolutePath();
    start(0);
  }

  /** The endpoint; it stays the same across restarts. */
  public synchronized String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  /** Stops the server and starts a new one from the database. */
  public synchronized void restart() {
    stop();
    start(port);
  }

  /** Stops the server for good. */
  public synchronized void stop() {
    server.stopAndWait();
    try {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("ElasticMQ's actor system did not stop", e);
    }
  }

  private void start(int wantedPort) {
    system = ActorSystem.create("elasticmq-durable");
    SqlQueuePersistenceConfig store = new SqlQueuePersistenceConfig(true, "org.h2.Driver",
        "jdbc:h2:" + database, "sa", "", false);
    ActorRef persistence = system.actorOf(Props.create(SqlQueuePersistenceActor.class, store,
        scala.collection.immutable.List$.MODULE$.empty()));
    ActorRef manager = system.actorOf(Props.create(QueueManagerActor.class, new NowProvider(),
        StrictSQSLimits$.MODULE$, scala.Option.apply(persistence)));
    try {
      Patterns.ask(persistence, new QueueEvent.Restore(manager), Duration.ofSeconds(60))
          .toCompletableFuture().get(90, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("ElasticMQ could not restore its queues from " + database, e);
    }
    TheSQSRestServerBuilder b = SQSRestServerBuilder.withActorSystem(system).withQueueManagerActor(manager)
        .withInterface("127.0.0.1").withSQSLimits(StrictSQSLimits$.MODULE$);
    b = wantedPort == 0 ? b.withDynamicPort() : b.withPort(wantedPort);
    server = b.start();
    port = server.waitUntilStarted().localAddress().getPort();
  }
}
