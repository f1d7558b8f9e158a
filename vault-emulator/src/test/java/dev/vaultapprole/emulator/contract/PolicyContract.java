package dev.vaultapprole.emulator.contract;

/**
 * Contract of Vault's Policy behaviour, written from VAULT-API.md. (Filled in by its subsystem work.)
 */
public abstract class PolicyContract extends ContractSupport {

}
