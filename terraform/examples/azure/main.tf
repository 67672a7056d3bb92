# A whole pair in a new resource group and virtual network, publishing HTTPS and DNS.
#   export ARM_SUBSCRIPTION_ID=...   # azurerm 4 needs it; `az login` provides the credentials
#   terraform init && terraform apply -var node_release_url=https://.../hanode.jar \
#     -var node_release_sha256=$(sha256sum hanode.jar | cut -d' ' -f1) -var name_suffix=$(openssl rand -hex 4) \
#     -var admin_ssh_public_key="$(cat ~/.ssh/id_ed25519.pub)"
terraform {
  required_version = ">= 1.5"
  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = ">= 4.0, < 5.0"
    }
  }
}

provider "azurerm" {
  features {}
}

variable "location" {
  description = "Region of the pair."
  type        = string
  default     = "westeurope"
}

variable "admin_password" {
  description = "Password of the nodes' UI user 'bal' (12+ characters); not a Linux login."
  type        = string
  sensitive   = true
}

variable "admin_ssh_public_key" {
  description = "OpenSSH public key of the Linux login, e.g. \"$(cat ~/.ssh/id_ed25519.pub)\"."
  type        = string
}

variable "pairing_secret" {
  description = "Shared secret of the pair (16+ characters), e.g. from 'openssl rand -base64 24'."
  type        = string
  sensitive   = true
}

variable "node_release_url" {
  description = "HTTPS URL of the release artifact hanode.jar."
  type        = string
}

variable "node_release_sha256" {
  description = "SHA-256 of hanode.jar (sha256sum hanode.jar)."
  type        = string
}

variable "name_suffix" {
  description = "Makes the Key Vault and witness storage names globally unique (lowercase letters and digits), e.g. from 'openssl rand -hex 4'."
  type        = string
}

resource "azurerm_resource_group" "pair" {
  name     = "rg-hapair-example"
  location = var.location
}

module "ha_pair" {
  source = "../../modules/azure-ha-pair"

  resource_group_name          = azurerm_resource_group.pair.name
  location                     = azurerm_resource_group.pair.location
  primary_node_name            = "hanode1"
  secondary_node_name          = "hanode2"
  primary_node_address         = "10.0.1.4"
  secondary_node_address       = "10.0.1.5"
  admin_ssh_public_key         = var.admin_ssh_public_key
  admin_password               = var.admin_password
  pairing_secret               = var.pairing_secret
  node_release_url             = var.node_release_url
  node_release_sha256          = var.node_release_sha256
  key_vault_name               = "hapair-kv-${var.name_suffix}"
  witness_storage_account_name = "hapairwitness${var.name_suffix}"
  # GEO DNS answers on 53 over UDP and, for large answers and zone transfers, TCP.
  published_ports = [
    { port = 443, protocol = "Tcp" },
    { port = 53, protocol = "Udp" },
    { port = 53, protocol = "Tcp" },
  ]
  tags = { purpose = "ha-pair example" }
}

output "primary_node_ui_url" {
  value = module.ha_pair.primary_node_ui_url
}

output "secondary_node_ui_url" {
  value = module.ha_pair.secondary_node_ui_url
}

output "health_check_url" {
  value = module.ha_pair.health_check_url
}

output "install_check_commands" {
  value = module.ha_pair.install_check_commands
}

output "node_private_addresses" {
  value = [module.ha_pair.primary_node_private_address, module.ha_pair.secondary_node_private_address]
}
