# The ARM template's parameters (arm-templates/azuredeploy.json), spelled the Terraform way.

variable "resource_group_name" {
  description = "Existing resource group for every resource of the pair."
  type        = string
}

variable "location" {
  description = "Region of every resource."
  type        = string
}

variable "primary_node_name" {
  description = "VM and node name of the master (node 1)."
  type        = string
  default     = "hanode1"
}

variable "secondary_node_name" {
  description = "VM and node name of the slave (node 2)."
  type        = string
  default     = "hanode2"
}

variable "vm_size" {
  description = "Size of both VMs."
  type        = string
  default     = "Standard_D2s_v5"
}

variable "accelerated_networking_enabled" {
  description = "Accelerated networking on both NICs; turn it off for a size without support (e.g. the B series)."
  type        = bool
  default     = true
}

variable "admin_username" {
  description = "Linux login on both VMs."
  type        = string
  default     = "hapairadmin"
}

variable "admin_ssh_public_key" {
  description = "OpenSSH public key of the Linux login on both VMs (password login is off), e.g. the contents of ~/.ssh/id_ed25519.pub."
  type        = string
  validation {
    condition     = can(regex("^(ssh-rsa|ssh-ed25519|ecdsa-sha2-nistp[0-9]+) ", var.admin_ssh_public_key))
    error_message = "admin_ssh_public_key is an OpenSSH public key line (ssh-ed25519 AAAA..., ssh-rsa AAAA...)."
  }
}

variable "admin_password" {
  description = "Password of the node's UI/API user 'bal' on both nodes (not a Linux login); kept in the pair's Key Vault."
  type        = string
  sensitive   = true
  validation {
    condition     = length(var.admin_password) >= 12
    error_message = "admin_password needs 12 or more characters."
  }
}

variable "pairing_secret" {
  description = "Shared secret that authenticates the peer link, e.g. from 'openssl rand -base64 24'."
  type        = string
  sensitive   = true
  validation {
    condition     = length(var.pairing_secret) >= 16
    error_message = "pairing_secret needs 16 or more characters; the nodes refuse a shorter one."
  }
}

variable "availability_option" {
  description = "AvailabilitySet: both VMs in one availability set. AvailabilityZones: node 1 in zone 1, node 2 in zone 2."
  type        = string
  default     = "AvailabilitySet"
  validation {
    condition     = contains(["AvailabilitySet", "AvailabilityZones"], var.availability_option)
    error_message = "availability_option is AvailabilitySet or AvailabilityZones."
  }
}

variable "availability_set_name" {
  description = "Name of the availability set (AvailabilitySet only)."
  type        = string
  default     = "hapair-avset"
}

variable "virtual_network_new_or_existing" {
  description = "new: create the virtual network and subnet. existing: use the named ones."
  type        = string
  default     = "new"
  validation {
    condition     = contains(["new", "existing"], var.virtual_network_new_or_existing)
    error_message = "virtual_network_new_or_existing is new or existing."
  }
}

variable "virtual_network_name" {
  description = "Name of the virtual network."
  type        = string
  default     = "hapair-vnet"
}

variable "virtual_network_resource_group_name" {
  description = "Resource group of an existing virtual network (default: resource_group_name)."
  type        = string
  default     = null
}

variable "virtual_network_address_prefix" {
  description = "Address space of a new virtual network."
  type        = string
  default     = "10.0.0.0/16"
}

variable "subnet_name" {
  description = "Subnet of the nodes and the balancer's frontend."
  type        = string
  default     = "hapair-subnet"
}

variable "subnet_address_prefix" {
  description = "Address range of a new subnet."
  type        = string
  default     = "10.0.1.0/24"
}

variable "create_nat_gateway" {
  description = "With a new virtual network: a NAT gateway on the subnet, so the nodes can fetch the JDK and the node jar. An existing subnet must already have outbound access."
  type        = bool
  default     = true
}

variable "primary_node_address" {
  description = "Static private address of node 1, in the subnet."
  type        = string
  default     = "10.0.1.4"
}

variable "secondary_node_address" {
  description = "Static private address of node 2, in the subnet."
  type        = string
  default     = "10.0.1.5"
}

variable "load_balancer_name" {
  description = "Name of the load balancer."
  type        = string
  default     = "hapair-ilb"
}

variable "load_balancer_frontend_address" {
  description = "Static private frontend address of the internal balancer (public_ip_option none)."
  type        = string
  default     = "10.0.1.10"
}

variable "public_ip_option" {
  description = "none: an internal balancer. new: the balancer's frontend is a new Standard public IP instead; then set client_address_prefix to who may connect."
  type        = string
  default     = "none"
  validation {
    condition     = contains(["none", "new"], var.public_ip_option)
    error_message = "public_ip_option is none or new."
  }
}

variable "public_ip_name" {
  description = "Name of the balancer's public IP (public_ip_option new)."
  type        = string
  default     = "hapair-lb-pip"
}

variable "network_security_group_name" {
  description = "Name of the NSG on both NICs."
  type        = string
  default     = "hapair-nsg"
}

variable "client_address_prefix" {
  description = "Who may reach the UI, SSH and published ports: one service tag or CIDR. Set it to null to use client_address_prefixes."
  type        = string
  default     = "VirtualNetwork"
}

variable "client_address_prefixes" {
  description = "Several CIDRs instead of client_address_prefix (Azure takes no service tags in a list)."
  type        = list(string)
  default     = []
}

variable "published_ports" {
  description = "Virtual-service ports the pair publishes: one load-balancing rule and one allow rule each."
  type = list(object({
    port     = number
    protocol = string
  }))
  default = []
  validation {
    condition     = alltrue([for p in var.published_ports : contains(["Tcp", "Udp"], p.protocol)])
    error_message = "Each published port's protocol is Tcp or Udp."
  }
  validation {
    condition     = alltrue([for p in var.published_ports : p.port >= 1 && p.port <= 65535])
    error_message = "Each published port is between 1 and 65535."
  }
  validation {
    condition     = alltrue([for p in var.published_ports : !contains([22, 221, 222, 6973, 8441, 8442, 8443, 8444], p.port)])
    error_message = "Published ports 22, 221, 222, 6973 and 8441-8444 are the pair's own (SSH, NAT rules, peer link, UI, health check); publish the service on another port."
  }
  validation {
    condition     = length(distinct([for p in var.published_ports : format("%d/%s", p.port, lower(p.protocol))])) == length(var.published_ports)
    error_message = "A published port and protocol appear more than once; list each once (53 Tcp and 53 Udp are two entries)."
  }
}

variable "node_release_url" {
  description = "HTTPS URL of the release artifact hanode.jar; both nodes download it at first boot (https only, redirects too)."
  type        = string
  validation {
    condition     = can(regex("^https://[^[:space:]'\"\\\\]+$", var.node_release_url))
    error_message = "node_release_url is an https:// URL without spaces, quotes or backslashes (percent-encode them)."
  }
}

variable "node_release_sha256" {
  description = "SHA-256 of hanode.jar at node_release_url (sha256sum hanode.jar); a node refuses a download that differs."
  type        = string
  validation {
    condition     = can(regex("^[0-9a-f]{64}$", var.node_release_sha256))
    error_message = "node_release_sha256 is 64 lowercase hex digits, as sha256sum prints them."
  }
}

variable "key_vault_name" {
  description = "Name of the Key Vault the module creates for the pairing secret and the UI password (3-24 letters, digits and dashes, globally unique)."
  type        = string
  validation {
    condition     = can(regex("^[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$", var.key_vault_name))
    error_message = "key_vault_name has 3-24 letters, digits and dashes, starting with a letter and ending with a letter or digit."
  }
}

variable "witness_storage_account_name" {
  description = "Name of the storage account the module creates for the pair's witness lease (3-24 lowercase letters and digits, globally unique)."
  type        = string
  validation {
    condition     = can(regex("^[a-z0-9]{3,24}$", var.witness_storage_account_name))
    error_message = "witness_storage_account_name has 3-24 lowercase letters and digits."
  }
}

variable "image_version" {
  description = "Version of the Ubuntu 22.04 image. A newer image never replaces a running node (the module ignores image changes); it applies to nodes created or replaced later."
  type        = string
  default     = "latest"
}

variable "tags" {
  description = "Tags on every resource."
  type        = map(string)
  default     = {}
}
