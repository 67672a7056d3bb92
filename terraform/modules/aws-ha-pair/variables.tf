# The ARM template's parameters (arm-templates/azuredeploy.json), as far as AWS has them.

variable "name" {
  description = "Name of the pair: prefix of every resource name (the adapter's namePrefix is \"<name>-\") and the pair id (tag hapair:pair); up to 16 characters, target group names are short."
  type        = string
  default     = "hapair"
  validation {
    condition     = can(regex("^[A-Za-z0-9][A-Za-z0-9-]{0,15}$", var.name))
    error_message = "name is 1 to 16 letters, digits or hyphens, starting with a letter or digit."
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
  description = "AMI of both nodes, an Ubuntu 22.04 LTS image (the user data expects it). Default: Canonical's latest when a node is created; a newer one changes no running node (replace them one at a time)."
  type        = string
  default     = null
}

variable "key_name" {
  description = "EC2 key pair for SSH as 'ubuntu' (key only: the nodes have no login password); null for no SSH."
  type        = string
  default     = null
}

variable "admin_password" {
  description = "Password of the node's UI/API user 'bal' on both nodes; stored as an SSM SecureString, never in the plan or state."
  type        = string
  sensitive   = true
  ephemeral   = true
  validation {
    condition     = length(var.admin_password) >= 12
    error_message = "admin_password needs 12 or more characters."
  }
}

variable "pairing_secret" {
  description = "Shared secret that authenticates the peer link, e.g. from 'openssl rand -base64 24'; stored as an SSM SecureString, never in the plan or state."
  type        = string
  sensitive   = true
  ephemeral   = true
  validation {
    condition     = length(var.pairing_secret) >= 16
    error_message = "pairing_secret needs 16 or more characters; the nodes refuse a shorter one."
  }
}

variable "secrets_version" {
  description = "Version of admin_password and pairing_secret: the SSM parameters are written when it changes (Terraform keeps no copy to compare). Raise it to rotate, then restart hanode on one node after the other."
  type        = number
  default     = 1
  validation {
    condition     = var.secrets_version >= 1 && floor(var.secrets_version) == var.secrets_version
    error_message = "secrets_version is a whole number from 1; raise it by one to write new secret values."
  }
}

variable "ssm_parameter_prefix" {
  description = "SSM path under which the secrets are stored as PREFIX/pairing-secret and PREFIX/admin-password (default: /hapair/<name>)."
  type        = string
  default     = null
  validation {
    condition     = var.ssm_parameter_prefix == null || can(regex("^(/[A-Za-z0-9_.-]+)+$", var.ssm_parameter_prefix))
    error_message = "ssm_parameter_prefix is a path such as /hapair/prod: starting with '/', no trailing '/', of letters, digits, '_', '.' and '-'."
  }
}

variable "vpc_id" {
  description = "VPC of the pair."
  type        = string
}

variable "subnet_ids" {
  description = "Two subnets in two availability zones: node 1 in the first, node 2 in the second, the balancer in both. They need outbound internet access (NAT) for the JDK package, the node jar and SSM."
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
  description = "Who may reach the UI, SSH and published ports (default: the VPC's CIDR). The balancer keeps client addresses, so these are the clients' own; not the NLB subnets' CIDRs, which are admitted already."
  type        = list(string)
  default     = []
}

variable "monitoring_cidr_blocks" {
  description = "Where the SNMP managers that poll the nodes are: each node's agent (the snmp setting, off until stored) is reached at the node's own address over UDP snmp_port, not through the NLB, and the security group denies what it does not allow. Default: none, no SNMP rule."
  type        = list(string)
  default     = []
}

variable "snmp_port" {
  description = "The UDP port the nodes' SNMP agents answer on: the snmp setting's port (default 161)."
  type        = number
  default     = 161
  validation {
    condition     = var.snmp_port >= 1 && var.snmp_port <= 65535 && floor(var.snmp_port) == var.snmp_port
    error_message = "snmp_port is a whole number from 1 to 65535, the snmp setting's port."
  }
}

variable "published_ports" {
  description = "Virtual-service ports the pair publishes: a listener and a target group each (a port given for both Tcp and Udp, as DNS needs, is one TCP_UDP listener), and an allow rule each."
  type = list(object({
    port     = number
    protocol = string
  }))
  default = []
  validation {
    condition     = alltrue([for p in var.published_ports : contains(["Tcp", "Udp"], p.protocol)])
    error_message = "Each published port's protocol is Tcp or Udp (spelled as for the Azure module)."
  }
  validation {
    condition     = alltrue([for p in var.published_ports : p.port >= 1 && p.port <= 65535 && floor(p.port) == p.port])
    error_message = "Each published port is a whole number from 1 to 65535."
  }
  validation {
    condition     = alltrue([for p in var.published_ports : !contains([22, 221, 222, 6973, 8441, 8442, 8443, 8444], p.port)])
    error_message = "Ports 22, 221, 222, 6973 and 8441-8444 are the pair's own (SSH, its NAT ports, the peer link, the UI's NAT ports, the UI, the health check): publish the service on another port."
  }
  validation {
    condition     = length(distinct([for p in var.published_ports : format("%d/%s", p.port, p.protocol)])) == length(var.published_ports)
    error_message = "A published port appears twice with the same protocol: list each port and protocol once."
  }
  validation {
    condition     = !contains([for p in var.published_ports : format("%d/%s", p.port, p.protocol)], "53/Udp") || contains([for p in var.published_ports : format("%d/%s", p.port, p.protocol)], "53/Tcp")
    error_message = "GEO DNS on 53/Udp needs 53/Tcp too (resolvers retry over TCP when an answer is truncated): add { port = 53, protocol = \"Tcp\" }."
  }
}

variable "node_release_url" {
  description = "HTTPS URL of the release artifact hanode.jar; both nodes download it at first boot (https only, redirects included)."
  type        = string
  validation {
    condition     = can(regex("^https://[^\\s'\"]+$", var.node_release_url))
    error_message = "node_release_url must be an https:// URL without spaces or quotes, e.g. https://downloads.example.org/ha-pair/0.1.0/hanode.jar."
  }
}

variable "node_release_sha256" {
  description = "SHA-256 of the hanode.jar at node_release_url, 64 hex digits ('sha256sum hanode.jar'): a node installs nothing else."
  type        = string
  validation {
    condition     = can(regex("^[0-9A-Fa-f]{64}$", var.node_release_sha256))
    error_message = "node_release_sha256 is the jar's SHA-256 as 64 hex digits ('sha256sum hanode.jar')."
  }
}

variable "tags" {
  description = "Tags on every resource, besides hapair:pair (the pair id) and the adapter's hapair:kind and hapair:part."
  type        = map(string)
  default     = {}
}
