package dev.mq.kinesis.internal.config;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * The KCL import group of {@link KinesisConfig}: where a group without checkpoints takes its
 * starting positions from, once, and how it checks that the KCL application is stopped. Present
 * only when {@code kcl-lease-table} is set.
 *
 * @param table {@code kcl-lease-table}: the KCL application's DynamoDB lease table (its
 *     application name); 3 to 255 letters, digits, '_', '.' and '-'
 * @param failoverTime {@code kcl-failover-time} (default 10 s, the KCL's own default
 *     {@code failoverTimeMillis}; 500 ms to 1 h): the table is read twice this far apart, and a
 *     lease with an owner whose counter moved in between is live
 * @param endpoint {@code dynamodb-endpoint}: an http:// or https:// URL; default the region's DynamoDB endpoint
 * @param region {@code dynamodb-region}, else {@code region}; default the AWS default chain
 * @param tableKey the full name of {@code kcl-lease-table}, for errors
 */
public record KclImportSettings(String table, Duration failoverTime, Optional<URI> endpoint,
    Optional<String> region, String tableKey) {}
