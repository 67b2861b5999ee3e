package dev.mq.kinesis.internal.config;

import java.net.URI;
import java.util.Optional;

/**
 * The checkpoint group of {@link KinesisConfig} for {@code checkpoint-store=dynamodb}: the lease
 * table and how to reach it. Read only when that store is chosen.
 *
 * @param table {@code lease-table}: default {@code mq-kinesis-leases}; 3 to 255 letters,
 *     digits, '_', '.' and '-'
 * @param createTable {@code create-lease-table}: create a missing table; default true
 * @param endpoint {@code dynamodb-endpoint}: an http:// or https:// URL; default the region's
 * @param region {@code dynamodb-region}, else {@code region}; default the AWS default chain
 * @param lease the lease group ({@code lease-*})
 */
public record LeaseTableSettings(String table, boolean createTable, Optional<URI> endpoint,
    Optional<String> region, LeaseSettings lease) {}
