package dev.vaultapprole.emulator.contract;

/**
 * Contract of Vault's Wrapping behaviour, written from VAULT-API.md. (Filled in by its subsystem work.)
 */
public abstract class WrappingContract extends ContractSupport {

}
