# A whole pair in a new VPC: two private subnets in two zones (a node and the NLB in each), a NAT
# gateway for the nodes' first-boot downloads and SSM, publishing HTTPS and GEO DNS (53 over UDP and TCP).
#   terraform init
#   terraform apply -var node_release_url=https://HOST/PATH/hanode.jar -var node_release_sha256=$(sha256sum hanode.jar | cut -c1-64)
terraform {
  required_version = ">= 1.11"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 6.0, < 7.0"
    }
  }
}

provider "aws" {
  region = var.region
}

variable "region" {
  description = "Region of the pair."
  type        = string
  default     = "eu-west-1"
}

variable "admin_password" {
  description = "UI user 'bal' password (12+ characters); goes to SSM, never into the state."
  type        = string
  sensitive   = true
  ephemeral   = true
}

variable "pairing_secret" {
  description = "Shared secret of the pair (16+ characters), e.g. from 'openssl rand -base64 24'; goes to SSM, never into the state."
  type        = string
  sensitive   = true
  ephemeral   = true
}

variable "node_release_url" {
  description = "HTTPS URL of the release artifact hanode.jar (no default: there is no public download to point at)."
  type        = string
}

variable "node_release_sha256" {
  description = "SHA-256 of that hanode.jar, 64 hex digits."
  type        = string
}

variable "key_name" {
  description = "EC2 key pair for SSH through the NLB's ports 221 and 222; null for none."
  type        = string
  default     = null
}

data "aws_availability_zones" "available" {
  state = "available"
}

resource "aws_vpc" "pair" {
  cidr_block           = "10.0.0.0/16"
  enable_dns_hostnames = true
  tags                 = { Name = "hapair-example" }
}

resource "aws_subnet" "nodes" {
  count             = 2
  vpc_id            = aws_vpc.pair.id
  cidr_block        = cidrsubnet(aws_vpc.pair.cidr_block, 8, count.index + 1)
  availability_zone = data.aws_availability_zones.available.names[count.index]
  tags              = { Name = "hapair-example-nodes-${count.index + 1}" }
}

resource "aws_subnet" "public" {
  vpc_id            = aws_vpc.pair.id
  cidr_block        = cidrsubnet(aws_vpc.pair.cidr_block, 8, 100)
  availability_zone = data.aws_availability_zones.available.names[0]
  tags              = { Name = "hapair-example-public" }
}

resource "aws_internet_gateway" "pair" {
  vpc_id = aws_vpc.pair.id
}

resource "aws_eip" "nat" {
  domain = "vpc"
}

resource "aws_nat_gateway" "pair" {
  allocation_id = aws_eip.nat.id
  subnet_id     = aws_subnet.public.id
  depends_on    = [aws_internet_gateway.pair]
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.pair.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.pair.id
  }
}

resource "aws_route_table_association" "public" {
  subnet_id      = aws_subnet.public.id
  route_table_id = aws_route_table.public.id
}

resource "aws_route_table" "nodes" {
  vpc_id = aws_vpc.pair.id
  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.pair.id
  }
}

resource "aws_route_table_association" "nodes" {
  count          = 2
  subnet_id      = aws_subnet.nodes[count.index].id
  route_table_id = aws_route_table.nodes.id
}

module "ha_pair" {
  source = "../../modules/aws-ha-pair"

  name                   = "hapair"
  primary_node_name      = "hanode1"
  secondary_node_name    = "hanode2"
  vpc_id                 = aws_vpc.pair.id
  subnet_ids             = [aws_subnet.nodes[0].id, aws_subnet.nodes[1].id]
  primary_node_address   = "10.0.1.4"
  secondary_node_address = "10.0.2.4"
  key_name               = var.key_name
  admin_password         = var.admin_password
  pairing_secret         = var.pairing_secret
  node_release_url       = var.node_release_url
  node_release_sha256    = var.node_release_sha256
  # GEO DNS answers over UDP and, for truncated answers, TCP: one TCP_UDP listener on 53.
  published_ports = [
    { port = 443, protocol = "Tcp" },
    { port = 53, protocol = "Udp" },
    { port = 53, protocol = "Tcp" },
  ]
  tags = { purpose = "ha-pair example" }

  # The nodes download and read SSM at first boot: the NAT route must exist before they start.
  depends_on = [aws_route_table_association.nodes]
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

output "node_private_addresses" {
  value = [module.ha_pair.primary_node_private_address, module.ha_pair.secondary_node_private_address]
}

output "node_instance_ids" {
  value = module.ha_pair.node_instance_ids
}

output "cloud_topology" {
  description = "terraform output -raw cloud_topology > pair.yaml; hanode cloud diagnose --topology pair.yaml"
  value       = module.ha_pair.cloud_topology
}
