package dev.vaultapprole.emulator.contract;

/**
 * Contract of Vault's Token behaviour, written from VAULT-API.md. (Filled in by its subsystem work.)
 */
public abstract class TokenContract extends ContractSupport {

}
