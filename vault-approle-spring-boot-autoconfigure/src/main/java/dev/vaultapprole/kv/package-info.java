/**
 * KV secrets read as configuration: {@link dev.vaultapprole.kv.KvReader} finds a
 * secret's mount and KV version and reads it, {@link dev.vaultapprole.kv.KvPropertySource}
 * holds its values as properties, and {@link dev.vaultapprole.kv.KvSecretWatcher} polls
 * for new versions and publishes {@link dev.vaultapprole.kv.KvSecretChangedEvent}s.
 */
@NullMarked
package dev.vaultapprole.kv;

import org.jspecify.annotations.NullMarked;
