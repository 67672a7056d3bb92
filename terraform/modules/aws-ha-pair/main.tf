# The pair on an NLB, declared exactly as the AWS adapter (cloud-adapters/aws) creates it from
# PairTopology, so that `hanode cloud plan` after `terraform apply` finds nothing to change: the same
# target group names (<name>-rule-tcp-8444, <name>-nat-node1-api, ...), health checks, attributes and
# tags (hapair:pair, hapair:kind, hapair:part), and one security group rule per source. The deploy
# test AwsAdapterAgreementTest runs the adapter's planner against what this module declares.
locals {
  name_prefix               = "${var.name}-"
  health_check_port         = 8444
  peer_port                 = 6973
  api_port                  = 8443
  ssh_port                  = 22
  probe_interval_seconds    = 5
  probe_timeout_seconds     = 4
  probe_threshold           = 2
  deregistration_delay_secs = 5
  unhealthy_draining_secs   = 15

  nodes = {
    node1 = {
      name         = var.primary_node_name
      address      = var.primary_node_address
      partner      = var.secondary_node_address
      partner_node = "node2"
      mode         = "master"
      subnet_id    = var.subnet_ids[0]
      api_nat_port = 8441
      ssh_nat_port = 221
    }
    node2 = {
      name         = var.secondary_node_name
      address      = var.secondary_node_address
      partner      = var.primary_node_address
      partner_node = "node1"
      mode         = "slave"
      subnet_id    = var.subnet_ids[1]
      api_nat_port = 8442
      ssh_nat_port = 222
    }
  }
  # The adapter owns what carries the pair id under hapair:pair and a name with the prefix.
  tags = merge(var.tags, { "hapair:pair" = var.name })

  # An NLB listens on a port once: a port published over TCP and UDP (DNS) is one TCP_UDP listener
  # and target group, named with the protocol "any" as the adapter reads TCP_UDP.
  published_numbers = distinct([for p in var.published_ports : p.port])
  published_listeners = [for n in local.published_numbers : {
    port     = n
    protocol = join("_", sort([for p in var.published_ports : upper(p.protocol) if p.port == n]))
  }]
  # Traffic: the health-check port first (it shows which node is active), then the published ports.
  balanced_ports = concat([{ port = local.health_check_port, protocol = "TCP" }], local.published_listeners)
  traffic_target_groups = [for p in local.balanced_ports : {
    name     = format("%srule-%s-%d", local.name_prefix, replace(lower(p.protocol), "tcp_udp", "any"), p.port)
    protocol = p.protocol
    port     = p.port
    # target_health_state exists for TCP (and TLS) groups only; on another the provider plans it anew every time.
    unhealthy_draining = [for protocol in [p.protocol] : local.unhealthy_draining_secs if protocol == "TCP"]
  }]
  traffic_attachments = [for pair in setproduct(local.traffic_target_groups, keys(local.nodes)) : {
    key          = format("%s-%s", pair[0].name, pair[1])
    target_group = pair[0].name
    node         = pair[1]
    port         = pair[0].port
  }]

  # Management: what Azure's NAT rules do, as a listener per node whose target group holds that node only.
  management_target_groups = [
    { name = "${local.name_prefix}nat-node1-api", node = "node1", listener_port = local.nodes.node1.api_nat_port, port = local.api_port },
    { name = "${local.name_prefix}nat-node2-api", node = "node2", listener_port = local.nodes.node2.api_nat_port, port = local.api_port },
    { name = "${local.name_prefix}nat-node1-ssh", node = "node1", listener_port = local.nodes.node1.ssh_nat_port, port = local.ssh_port },
    { name = "${local.name_prefix}nat-node2-ssh", node = "node2", listener_port = local.nodes.node2.ssh_nat_port, port = local.ssh_port },
  ]

  # The NLB probes from its own addresses in its subnets; clients keep their addresses (instance targets).
  probe_cidr_blocks  = [for s in data.aws_subnet.pair : s.cidr_block]
  client_cidr_blocks = coalescelist(var.client_cidr_blocks, [data.aws_vpc.pair.cidr_block])
  client_ports = [
    local.api_port, local.nodes.node1.api_nat_port, local.nodes.node2.api_nat_port, local.health_check_port,
    local.ssh_port, local.nodes.node1.ssh_nat_port, local.nodes.node2.ssh_nat_port,
  ]
  # PairSecurityRules (cloud-adapters/core) for an allow-only security group; the peer rules, from the
  # group itself, are aws_vpc_security_group_ingress_rule.from_nodes.
  cidr_rules = concat(
    [{ part = "${local.name_prefix}allow-probe", protocol = "tcp", port = local.health_check_port, sources = local.probe_cidr_blocks }],
    [for port in local.client_ports : {
      part     = format("%sallow-tcp-%d", local.name_prefix, port)
      protocol = "tcp"
      port     = port
      sources  = local.client_cidr_blocks
    }],
    # No sources, no permission: the rule exists only with monitoring_cidr_blocks, as in the adapter.
    [{ part = "${local.name_prefix}allow-snmp", protocol = "udp", port = var.snmp_port, sources = var.monitoring_cidr_blocks }],
    [for p in var.published_ports : {
      part     = format("%sallow-%s-%d", local.name_prefix, lower(p.protocol), p.port)
      protocol = lower(p.protocol)
      port     = p.port
      sources  = local.client_cidr_blocks
    }],
  )
  # One rule per source, as the adapter authorizes them; keyed by index, as the CIDRs may be unknown until apply.
  cidr_permissions = flatten([for rule in local.cidr_rules : [for i, source in rule.sources : {
    key      = format("%s/%d", rule.part, i)
    part     = rule.part
    protocol = rule.protocol
    port     = rule.port
    source   = source
  }]])
  peer_permissions = [
    { part = "${local.name_prefix}allow-peer", protocol = "tcp" },
    # The heartbeats: UDP datagrams on the same port.
    { part = "${local.name_prefix}allow-peer-udp", protocol = "udp" },
  ]
  # The management target groups' TCP checks (UI 8443, SSH 22) come from the NLB's addresses too,
  # whatever client_cidr_blocks admits. PairTopology has no such rule yet: these carry the pair id but
  # no hapair:part, so the adapter reads them as someone else's rules and leaves them alone.
  balancer_check_permissions = flatten([for port in [local.api_port, local.ssh_port] : [for i, source in local.probe_cidr_blocks : {
    key    = format("%d/%d", port, i)
    port   = port
    source = source
  }]])

  # for_each keys by name; zipmap rather than a for-object because hcl4j, which the deploy tests
  # parse these files with, drops the body of a for-object expression.
  traffic_by_name       = zipmap([for t in local.traffic_target_groups : t.name], local.traffic_target_groups)
  attachments_by_key    = zipmap([for a in local.traffic_attachments : a.key], local.traffic_attachments)
  management_by_name    = zipmap([for m in local.management_target_groups : m.name], local.management_target_groups)
  cidr_by_key           = zipmap([for p in local.cidr_permissions : p.key], local.cidr_permissions)
  peer_by_part          = zipmap([for p in local.peer_permissions : p.part], local.peer_permissions)
  balancer_check_by_key = zipmap([for p in local.balancer_check_permissions : p.key], local.balancer_check_permissions)

  ssm_prefix = coalesce(var.ssm_parameter_prefix, "/hapair/${var.name}")

  # Least privilege: read the two parameters (decrypting them with the aws/ssm key only through SSM and
  # only for them), and read, never change, the balancer and network the self-check diagnoses. The
  # Describe calls have no resource-level permissions.
  node_policy = {
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "ReadPairSecrets"
        Effect   = "Allow"
        Action   = "ssm:GetParameter"
        Resource = [aws_ssm_parameter.pairing_secret.arn, aws_ssm_parameter.admin_password.arn]
      },
      {
        Sid      = "DecryptPairSecretsThroughSsm"
        Effect   = "Allow"
        Action   = "kms:Decrypt"
        Resource = "*"
        Condition = {
          StringEquals = {
            "kms:ViaService"                      = "ssm.${data.aws_region.current.region}.amazonaws.com"
            "kms:EncryptionContext:PARAMETER_ARN" = [aws_ssm_parameter.pairing_secret.arn, aws_ssm_parameter.admin_password.arn]
          }
        }
      },
      {
        Sid      = "DiagnoseOwnBalancer"
        Effect   = "Allow"
        Action   = ["elasticloadbalancing:Describe*", "ec2:DescribeInstances", "ec2:DescribeSecurityGroupRules", "ec2:DescribeNetworkInterfaces"]
        Resource = "*"
      },
    ]
  }

  # The topology file of the pair's own balancer, for the node's self-check (`hanode cloud diagnose`
  # every few minutes) and, with the instance IDs, for operators (output cloud_topology). JSON on one
  # line is YAML, whatever indentation the template gives it.
  cloud_topology = {
    "provider"          = "aws"
    "namePrefix"        = local.name_prefix
    "node1.address"     = var.primary_node_address
    "node2.address"     = var.secondary_node_address
    "publishedPorts"    = [for p in var.published_ports : format("%d/%s", p.port, lower(p.protocol))]
    "clientSources"     = local.client_cidr_blocks
    "probeSources"      = local.probe_cidr_blocks
    "monitoringSources" = var.monitoring_cidr_blocks
    "snmpPort"          = var.snmp_port
    "aws.region"        = data.aws_region.current.region
    "aws.loadBalancer"  = aws_lb.pair.arn
    "aws.securityGroup" = aws_security_group.nodes.id
    "aws.pairId"        = var.name
  }
}

data "aws_vpc" "pair" {
  id = var.vpc_id
}

data "aws_subnet" "pair" {
  count = 2
  id    = var.subnet_ids[count.index]
}

data "aws_region" "current" {}

resource "aws_security_group" "nodes" {
  name        = "${var.name}-nodes"
  description = "ha-pair ${var.name}: health checks from the NLB, peer link between the nodes, management and published ports"
  vpc_id      = var.vpc_id
  tags        = local.tags

  lifecycle {
    # AWS refuses a second identical rule in a group: a client CIDR equal to an NLB subnet's would
    # repeat the NLB's own rules on 8444, 8443 and 22.
    precondition {
      condition     = length(setintersection(local.client_cidr_blocks, local.probe_cidr_blocks)) == 0
      error_message = "client_cidr_blocks repeats a CIDR of the NLB's subnets, which the pair admits already (health checks); give a wider or narrower block."
    }
  }
}

resource "aws_vpc_security_group_ingress_rule" "from_cidr" {
  for_each          = local.cidr_by_key
  security_group_id = aws_security_group.nodes.id
  description       = each.value.part
  ip_protocol       = each.value.protocol
  from_port         = each.value.port
  to_port           = each.value.port
  cidr_ipv4         = each.value.source
  tags              = merge(local.tags, { "hapair:part" = each.value.part })
}

resource "aws_vpc_security_group_ingress_rule" "from_nodes" {
  for_each                     = local.peer_by_part
  security_group_id            = aws_security_group.nodes.id
  description                  = each.value.part
  ip_protocol                  = each.value.protocol
  from_port                    = local.peer_port
  to_port                      = local.peer_port
  referenced_security_group_id = aws_security_group.nodes.id
  tags                         = merge(local.tags, { "hapair:part" = each.value.part })
}

resource "aws_vpc_security_group_ingress_rule" "from_balancer" {
  for_each          = local.balancer_check_by_key
  security_group_id = aws_security_group.nodes.id
  description       = "health check of a management target group (from the NLB)"
  ip_protocol       = "tcp"
  from_port         = each.value.port
  to_port           = each.value.port
  cidr_ipv4         = each.value.source
  tags              = local.tags
}

# Out: the JDK package, the node jar and SSM at first boot, updates later.
resource "aws_vpc_security_group_egress_rule" "all" {
  security_group_id = aws_security_group.nodes.id
  description       = "all outbound"
  ip_protocol       = "-1"
  cidr_ipv4         = "0.0.0.0/0"
  tags              = local.tags
}

resource "aws_lb" "pair" {
  name                             = "${var.name}-nlb"
  load_balancer_type               = "network"
  internal                         = var.load_balancer_internal
  subnets                          = var.subnet_ids
  enable_cross_zone_load_balancing = true
  tags                             = local.tags
}

resource "aws_lb_target_group" "traffic" {
  for_each    = local.traffic_by_name
  name        = each.value.name
  protocol    = each.value.protocol
  port        = each.value.port
  vpc_id      = var.vpc_id
  target_type = "instance"
  tags        = merge(local.tags, { "hapair:kind" = "balancing-rule" })

  # A node leaves a group only when the wiring changes: in-flight requests get 5 s, then the NLB
  # closes the rest so clients reconnect to the active node (AWS's default keeps them 300 s).
  deregistration_delay   = local.deregistration_delay_secs
  connection_termination = true

  # A failover must move every client: no stickiness (an NLB's is by source IP only).
  stickiness {
    enabled = false
    type    = "source_ip"
  }

  # Only the active node answers 200 (the standby 503): exactly "200", not the 200-399 default.
  # The answer must come before the next probe is due: timeout 4 s for a 5 s interval.
  health_check {
    enabled             = true
    protocol            = "HTTP"
    port                = tostring(local.health_check_port)
    path                = "/"
    matcher             = "200"
    interval            = local.probe_interval_seconds
    timeout             = local.probe_timeout_seconds
    healthy_threshold   = local.probe_threshold
    unhealthy_threshold = local.probe_threshold
  }

  # A handover turns the old active node unhealthy; keep its open connections for a while instead of
  # resetting them, as Azure does, so a planned switchover stays invisible to clients. The adapter
  # leaves this setting as it finds it.
  dynamic "target_health_state" {
    for_each = each.value.unhealthy_draining
    content {
      enable_unhealthy_connection_termination = false
      unhealthy_draining_interval             = target_health_state.value
    }
  }
}

resource "aws_lb_target_group_attachment" "traffic" {
  for_each         = local.attachments_by_key
  target_group_arn = aws_lb_target_group.traffic[each.value.target_group].arn
  target_id        = aws_instance.node[each.value.node].id
  port             = each.value.port
}

resource "aws_lb_listener" "traffic" {
  for_each          = local.traffic_by_name
  load_balancer_arn = aws_lb.pair.arn
  port              = each.value.port
  protocol          = each.value.protocol
  tags              = local.tags

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.traffic[each.key].arn
  }
}

resource "aws_lb_target_group" "management" {
  for_each               = local.management_by_name
  name                   = each.value.name
  protocol               = "TCP"
  port                   = each.value.port
  vpc_id                 = var.vpc_id
  target_type            = "instance"
  deregistration_delay   = local.deregistration_delay_secs
  connection_termination = true
  tags                   = merge(local.tags, { "hapair:kind" = "nat-rule" })

  stickiness {
    enabled = false
    type    = "source_ip"
  }

  # One node per group: the check only shows whether its UI or SSH is up.
  health_check {
    enabled             = true
    protocol            = "TCP"
    port                = "traffic-port"
    interval            = local.probe_interval_seconds
    timeout             = local.probe_timeout_seconds
    healthy_threshold   = local.probe_threshold
    unhealthy_threshold = local.probe_threshold
  }
}

resource "aws_lb_target_group_attachment" "management" {
  for_each         = local.management_by_name
  target_group_arn = aws_lb_target_group.management[each.key].arn
  target_id        = aws_instance.node[each.value.node].id
  port             = each.value.port
}

resource "aws_lb_listener" "management" {
  for_each          = local.management_by_name
  load_balancer_arn = aws_lb.pair.arn
  port              = each.value.listener_port
  protocol          = "TCP"
  tags              = local.tags

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.management[each.key].arn
  }
}
