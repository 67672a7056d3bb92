# The pair on an NLB, mapped from PairTopology (cloud-adapters/core) the way the AWS adapter maps it
# (issue 6): a target group and listener per balanced port, both nodes registered, HTTP health check
# on the check port; NAT rules become listeners whose target group holds only one node; security
# group rules for PairTopology's allow rules (a security group denies everything else by itself).
# The deploy tests hold these tables equal to PairTopology's defaults.
locals {
  name_prefix               = "hapair-"
  health_check_port         = 8444
  peer_port                 = 6973
  api_port                  = 8443
  ssh_port                  = 22
  probe_interval_seconds    = 5
  probe_unhealthy_threshold = 2

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
  tags = merge(var.tags, { "hapair:pair-id" = var.name })

  # Traffic: the health-check port first (it shows which node is active), then the published ports.
  balanced_ports = concat([{ port = local.health_check_port, protocol = "Tcp" }], var.published_ports)
  traffic_target_groups = [for p in local.balanced_ports : {
    name     = format("%s-%s-%d", var.name, lower(p.protocol), p.port)
    protocol = upper(p.protocol)
    port     = p.port
  }]
  traffic_attachments = [for pair in setproduct(local.traffic_target_groups, keys(local.nodes)) : {
    key          = format("%s-%s", pair[0].name, pair[1])
    target_group = pair[0].name
    node         = pair[1]
    port         = pair[0].port
  }]

  # Management: what Azure's NAT rules do, as a listener per node whose target group holds that node only.
  management_target_groups = [
    { name = "${var.name}-node1-api", node = "node1", listener_port = local.nodes.node1.api_nat_port, port = local.api_port },
    { name = "${var.name}-node2-api", node = "node2", listener_port = local.nodes.node2.api_nat_port, port = local.api_port },
    { name = "${var.name}-node1-ssh", node = "node1", listener_port = local.nodes.node1.ssh_nat_port, port = local.ssh_port },
    { name = "${var.name}-node2-ssh", node = "node2", listener_port = local.nodes.node2.ssh_nat_port, port = local.ssh_port },
  ]

  # The NLB probes from its own addresses in its subnets; the peer port is open between the nodes only.
  probe_cidr_blocks  = [for s in data.aws_subnet.pair : s.cidr_block]
  client_cidr_blocks = coalescelist(var.client_cidr_blocks, [data.aws_vpc.pair.cidr_block])
  client_ports = [
    local.api_port, local.nodes.node1.api_nat_port, local.nodes.node2.api_nat_port, local.health_check_port,
    local.ssh_port, local.nodes.node1.ssh_nat_port, local.nodes.node2.ssh_nat_port,
  ]
  ingress_rules = concat(
    [
      { name = "${local.name_prefix}allow-probe", protocol = "tcp", port = local.health_check_port, cidr_blocks = local.probe_cidr_blocks, self = false },
      { name = "${local.name_prefix}allow-peer", protocol = "tcp", port = local.peer_port, cidr_blocks = [], self = true },
      # The heartbeats: UDP datagrams on the same port.
      { name = "${local.name_prefix}allow-peer-udp", protocol = "udp", port = local.peer_port, cidr_blocks = [], self = true },
    ],
    [for port in local.client_ports : {
      name        = format("%sallow-tcp-%d", local.name_prefix, port)
      protocol    = "tcp"
      port        = port
      cidr_blocks = local.client_cidr_blocks
      self        = false
    }],
    [for p in var.published_ports : {
      name        = format("%sallow-%s-%d", local.name_prefix, lower(p.protocol), p.port)
      protocol    = lower(p.protocol)
      port        = p.port
      cidr_blocks = local.client_cidr_blocks
      self        = false
    }],
  )

  # for_each keys by name; zipmap rather than a for-object because hcl4j, which the deploy tests
  # parse these files with, drops the body of a for-object expression.
  traffic_by_name     = zipmap([for t in local.traffic_target_groups : t.name], local.traffic_target_groups)
  attachments_by_key  = zipmap([for a in local.traffic_attachments : a.key], local.traffic_attachments)
  management_by_name  = zipmap([for m in local.management_target_groups : m.name], local.management_target_groups)
  failover_drain_secs = 15
}

data "aws_vpc" "pair" {
  id = var.vpc_id
}

data "aws_subnet" "pair" {
  count = 2
  id    = var.subnet_ids[count.index]
}

resource "aws_security_group" "nodes" {
  name        = "${var.name}-nodes"
  description = "ha-pair ${var.name}: health check from the NLB, peer link between the nodes, management and published ports"
  vpc_id      = var.vpc_id
  tags        = local.tags

  dynamic "ingress" {
    for_each = local.ingress_rules
    content {
      description = ingress.value.name
      protocol    = ingress.value.protocol
      from_port   = ingress.value.port
      to_port     = ingress.value.port
      cidr_blocks = ingress.value.cidr_blocks
      self        = ingress.value.self
    }
  }

  # Out: the JDK package and the node jar at first boot, updates later.
  egress {
    description = "all outbound"
    protocol    = "-1"
    from_port   = 0
    to_port     = 0
    cidr_blocks = ["0.0.0.0/0"]
  }
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
  tags        = local.tags

  # A replaced node drains briefly: longer than the node's own shutdown-drain (11 s), far below 300 s.
  deregistration_delay   = local.failover_drain_secs
  connection_termination = true

  # Only the active node answers 200 (the standby 503): exactly "200", not the 200-399 default.
  health_check {
    enabled             = true
    protocol            = "HTTP"
    port                = tostring(local.health_check_port)
    path                = "/"
    matcher             = "200"
    interval            = local.probe_interval_seconds
    timeout             = 4
    healthy_threshold   = local.probe_unhealthy_threshold
    unhealthy_threshold = local.probe_unhealthy_threshold
  }

  # A handover turns the old active node unhealthy; keep its open connections for a while instead of
  # resetting them, as Azure does, so a planned switchover stays invisible to clients.
  target_health_state {
    enable_unhealthy_connection_termination = false
    unhealthy_draining_interval             = local.failover_drain_secs
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
  for_each             = local.management_by_name
  name                 = each.value.name
  protocol             = "TCP"
  port                 = each.value.port
  vpc_id               = var.vpc_id
  target_type          = "instance"
  deregistration_delay = local.failover_drain_secs
  tags                 = local.tags

  # One node per group: the check only shows whether its UI or SSH is up.
  health_check {
    enabled             = true
    protocol            = "TCP"
    port                = "traffic-port"
    interval            = 10
    healthy_threshold   = 2
    unhealthy_threshold = 2
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
