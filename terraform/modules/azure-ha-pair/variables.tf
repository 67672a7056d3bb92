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

variable "admin_password" {
  description = "Password of the Linux login and of the node's UI/API user 'bal' on both nodes."
  type        = string
  sensitive   = true
  validation {
    condition     = length(var.admin_password) >= 12
    error_message = "admin_password needs 12 or more characters (Azure's rule for VM passwords)."
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
}

variable "node_release_url" {
  description = "HTTPS URL of the release artifact hanode.jar; both nodes download it at first boot."
  type        = string
}

variable "tags" {
  description = "Tags on every resource."
  type        = map(string)
  default     = {}
}
