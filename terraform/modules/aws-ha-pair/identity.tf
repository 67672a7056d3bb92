# The pair's secrets in SSM Parameter Store and the nodes' instance profile. The secrets are written
# write-only (value_wo): they are in neither the plan nor the state, nor in the instances' user data.
# Each node reads them at every service start (IMDSv2 credentials, SSM GetParameter WithDecryption).
# The role policy is local.node_policy (main.tf: the deploy tests read one locals block).

resource "aws_ssm_parameter" "pairing_secret" {
  name             = "${local.ssm_prefix}/pairing-secret"
  description      = "ha-pair ${var.name}: shared secret of the peer link"
  type             = "SecureString"
  value_wo         = var.pairing_secret
  value_wo_version = var.secrets_version
  tags             = local.tags
}

resource "aws_ssm_parameter" "admin_password" {
  name             = "${local.ssm_prefix}/admin-password"
  description      = "ha-pair ${var.name}: password of the UI/API user bal"
  type             = "SecureString"
  value_wo         = var.admin_password
  value_wo_version = var.secrets_version
  tags             = local.tags
}

resource "aws_iam_role" "node" {
  name_prefix = "${var.name}-node-"
  description = "ha-pair ${var.name}: the nodes read their secrets and diagnose their balancer"
  tags        = local.tags
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "ec2.amazonaws.com" }
    }]
  })
}

resource "aws_iam_role_policy" "node" {
  name   = "hapair-node"
  role   = aws_iam_role.node.id
  policy = jsonencode(local.node_policy)
}

resource "aws_iam_instance_profile" "node" {
  name_prefix = "${var.name}-node-"
  role        = aws_iam_role.node.name
  tags        = local.tags
}
