# The ARM template's parameters (arm-templates/azuredeploy.json), as far as AWS has them.

variable "name" {
  description = "Name of the pair: prefix of the balancer, target groups and security group, and its pair-id tag (up to 16 characters, target group names are short)."
  type        = string
  default     = "hapair"
  validation {
    condition     = can(regex("^[A-Za-z0-9-]{1,16}$", var.name))
    error_message = "name is 1 to 16 letters, digits or hyphens."
  }
}

variable "primary_node_name" {
  description = "Instance and node name of the master (node 1)."
  type        = string
  default     = "hanode1"
}

variable "secondary_node_name" {
  description = "Instance and node name of the slave (node 2)."
  type        = string
  default     = "hanode2"
}

variable "instance_type" {
  description = "Instance type of both nodes."
  type        = string
  default     = "t3.medium"
}

variable "ami_id" {
  description = "AMI of both nodes (default: the latest Ubuntu 22.04 LTS from Canonical, which the user data expects)."
  type        = string
  default     = null
}

variable "key_name" {
  description = "EC2 key pair for SSH as 'ubuntu' (the ARM template's admin user); null for none."
  type        = string
  default     = null
}

variable "admin_password" {
  description = "Password of the node's UI/API user 'bal' on both nodes."
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

variable "vpc_id" {
  description = "VPC of the pair."
  type        = string
}

variable "subnet_ids" {
  description = "Two subnets in two availability zones: node 1 in the first, node 2 in the second, the balancer in both. They need outbound internet access (NAT) for the JDK package and the node jar."
  type        = list(string)
  validation {
    condition     = length(var.subnet_ids) == 2
    error_message = "subnet_ids lists exactly two subnets, one per node."
  }
}

variable "primary_node_address" {
  description = "Static private address of node 1, in the first subnet."
  type        = string
}

variable "secondary_node_address" {
  description = "Static private address of node 2, in the second subnet."
  type        = string
}

variable "load_balancer_internal" {
  description = "true: an internal NLB. false: an internet-facing one (the subnets must then be public; set client_cidr_blocks)."
  type        = bool
  default     = true
}

variable "client_cidr_blocks" {
  description = "Who may reach the UI, SSH and published ports (default: the VPC's CIDR). The balancer keeps client addresses, so these are the clients' own."
  type        = list(string)
  default     = []
}

variable "published_ports" {
  description = "Virtual-service ports the pair publishes: a target group, a listener and an allow rule each."
  type = list(object({
    port     = number
    protocol = string
  }))
  default = []
  validation {
    condition     = alltrue([for p in var.published_ports : contains(["Tcp", "Udp"], p.protocol)])
    error_message = "Each published port's protocol is Tcp or Udp (spelled as for the Azure module)."
  }
}

variable "node_release_url" {
  description = "HTTPS URL of the release artifact hanode.jar; both nodes download it at first boot."
  type        = string
}

variable "tags" {
  description = "Tags on every resource, besides the pair-id tag."
  type        = map(string)
  default     = {}
}
