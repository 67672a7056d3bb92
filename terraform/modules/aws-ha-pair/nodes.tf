# The two nodes, one per subnet, with the shared cloud-init (terraform/cloud-init/hanode.cloud-init.tftpl).
# Neither a new AMI nor changed user data (release, frontend) touches a running node: Terraform would
# replace or restart both at once. Replace them one at a time instead (README, "Updating the nodes").

data "aws_ami" "ubuntu" {
  most_recent = true
  owners      = ["099720109477"]

  filter {
    name   = "name"
    values = ["ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-*"]
  }
}

resource "aws_instance" "node" {
  for_each               = local.nodes
  ami                    = coalesce(var.ami_id, data.aws_ami.ubuntu.id)
  instance_type          = var.instance_type
  subnet_id              = each.value.subnet_id
  private_ip             = each.value.address
  vpc_security_group_ids = [aws_security_group.nodes.id]
  iam_instance_profile   = aws_iam_instance_profile.node.name
  # SSH with this key pair only: the nodes have no login password.
  key_name = var.key_name
  tags     = merge(local.tags, { Name = each.value.name })

  # Values in single quotes in the template get YAML's quote escaping ('').
  # partner_ui_url: the partner's UI as operators reach it, the NLB's DNS name on the partner's
  # management listener port; node 1 links to 8442, node 2 to 8441. probe_sources: the NLB probes from
  # its private addresses in the pair's subnets, so only requests from there count as its probes.
  # The secrets stay in SSM: the node reads them at every start with its instance profile.
  user_data = templatefile("${path.module}/../../cloud-init/hanode.cloud-init.tftpl", {
    node_name         = replace(each.value.name, "'", "''")
    ha_mode           = each.value.mode
    primary_address   = each.value.address
    partner_address   = each.value.partner
    health_check_port = local.health_check_port
    probe_sources     = join(", ", local.probe_cidr_blocks)
    peer_port         = local.peer_port
    api_port          = local.api_port
    partner_ui_url    = replace("https://${aws_lb.pair.dns_name}:${local.nodes[each.value.partner_node].api_nat_port}", "'", "''")
    secret_store      = "aws-ssm"
    secret_location   = local.ssm_prefix
    cloud_region      = data.aws_region.current.region
    release_url       = var.node_release_url
    release_sha256    = lower(var.node_release_sha256)
    cloud_topology    = jsonencode(local.cloud_topology)
    extra_config      = ""
  })

  # IMDSv2 only, one hop: the instance profile's credentials stay on the instance (no container or
  # forwarded request reaches them).
  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }

  root_block_device {
    volume_type = "gp3"
    encrypted   = true
  }

  # The secrets and the role must be there before a node's first start reads them.
  depends_on = [aws_ssm_parameter.pairing_secret, aws_ssm_parameter.admin_password, aws_iam_role_policy.node]

  lifecycle {
    ignore_changes = [ami, user_data]
  }
}
