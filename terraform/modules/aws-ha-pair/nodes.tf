# The two nodes, one per subnet, with the shared cloud-init (terraform/cloud-init/hanode.cloud-init.tftpl).

data "aws_ami" "ubuntu" {
  most_recent = true
  owners      = ["099720109477"]

  filter {
    name   = "name"
    values = ["ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-*"]
  }
}

resource "aws_instance" "node" {
  for_each                    = local.nodes
  ami                         = coalesce(var.ami_id, data.aws_ami.ubuntu.id)
  instance_type               = var.instance_type
  subnet_id                   = each.value.subnet_id
  private_ip                  = each.value.address
  vpc_security_group_ids      = [aws_security_group.nodes.id]
  key_name                    = var.key_name
  user_data_replace_on_change = true
  tags                        = merge(local.tags, { Name = each.value.name })

  # Values in single quotes in the template get YAML's quote escaping ('').
  # partner_ui_url: the partner's UI as operators reach it, the NLB's DNS name on the partner's
  # management listener port; node 1 links to 8442, node 2 to 8441. probe_sources: the NLB probes from
  # its private addresses in the pair's subnets, so only requests from there count as its probes.
  user_data = templatefile("${path.module}/../../cloud-init/hanode.cloud-init.tftpl", {
    node_name         = replace(each.value.name, "'", "''")
    ha_mode           = each.value.mode
    primary_address   = each.value.address
    partner_address   = each.value.partner
    health_check_port = local.health_check_port
    probe_sources     = join(", ", local.probe_cidr_blocks)
    peer_port         = local.peer_port
    api_port          = local.api_port
    release_url       = replace(var.node_release_url, "'", "''")
    pairing_secret    = replace(var.pairing_secret, "'", "''")
    admin_password    = replace(var.admin_password, "'", "''")
    partner_ui_url    = replace("https://${aws_lb.pair.dns_name}:${local.nodes[each.value.partner_node].api_nat_port}", "'", "''")
  })

  metadata_options {
    http_tokens = "required"
  }

  root_block_device {
    volume_type = "gp3"
    encrypted   = true
  }
}
