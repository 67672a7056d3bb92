package io.hapair.cloud.aws;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/**
 * ELB and EC2 on one WireMock server: both speak form-encoded POSTs to "/", told apart by their
 * {@code Action} and {@code Version} parameters. Answers by action, and reads the journal back as
 * the form parameters each call sent.
 */
final class AwsApiStub {

    private final WireMockExtension server;
    private final UnaryOperator<MappingBuilder> condition;

    AwsApiStub(WireMockExtension server) {
        this(server, UnaryOperator.identity());
    }

    private AwsApiStub(WireMockExtension server, UnaryOperator<MappingBuilder> condition) {
        this.server = server;
        this.condition = condition;
    }

    /** A view whose answers count only once the scenario reached the state, and then win over earlier ones. */
    AwsApiStub onceScenario(String scenario, String state) {
        return new AwsApiStub(server, mapping -> mapping.inScenario(scenario).whenScenarioStateIs(state));
    }

    static MappingBuilder elb(String action) {
        return post(urlPathEqualTo("/")).withFormParam("Action", equalTo(action))
            .withFormParam("Version", equalTo(ElbXml.VERSION));
    }

    static MappingBuilder ec2(String action) {
        return post(urlPathEqualTo("/")).withFormParam("Action", equalTo(action))
            .withFormParam("Version", equalTo(Ec2Xml.VERSION));
    }

    static ResponseDefinitionBuilder xml(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "text/xml;charset=UTF-8").withBody(body);
    }

    /** The ID ending the ARN of every target group the stub creates. */
    static final String CREATED_ID = "73e2d6bc24d8a067";

    static String createdArn(String name) {
        return "arn:aws:elasticloadbalancing:" + ElbXml.REGION + ":" + ElbXml.ACCOUNT + ":targetgroup/" + name + "/"
            + CREATED_ID;
    }

    /** Every write succeeds; creates answer with what was asked (name, port) as ELB does. */
    void acceptWrites() {
        String form = "{{formData request.body 'form' urlDecode=true}}";
        server.stubFor(elb("CreateTargetGroup").atPriority(10).willReturn(xml(200, form + ElbXml.response(
            "CreateTargetGroup", "<TargetGroups><member><TargetGroupArn>" + createdArn("{{{form.Name}}}")
                + "</TargetGroupArn><TargetGroupName>{{{form.Name}}}</TargetGroupName><Protocol>{{{form.Protocol}}}"
                + "</Protocol><Port>{{{form.Port}}}</Port><VpcId>{{{form.VpcId}}}</VpcId><TargetType>instance"
                + "</TargetType></member></TargetGroups>")).withTransformers("response-template")));
        server.stubFor(elb("CreateListener").atPriority(10).willReturn(xml(200, form + ElbXml.response(
            "CreateListener", "<Listeners><member><ListenerArn>" + ElbXml.BALANCER_ARN.replace(":loadbalancer/",
                ":listener/") + "/{{{form.Port}}}0000000000000</ListenerArn><Port>{{{form.Port}}}</Port><Protocol>"
                + "{{{form.Protocol}}}</Protocol></member></Listeners>")).withTransformers("response-template")));
        server.stubFor(elb("ModifyTargetGroupAttributes").atPriority(10).willReturn(xml(200,
            ElbXml.response("ModifyTargetGroupAttributes", "<Attributes/>"))));
        for (String action : List.of("RegisterTargets", "DeregisterTargets", "ModifyTargetGroup", "ModifyListener",
            "DeleteListener", "DeleteTargetGroup")) {
            server.stubFor(elb(action).atPriority(10).willReturn(xml(200, ElbXml.response(action, ""))));
        }
        for (String action : List.of("AuthorizeSecurityGroupIngress", "RevokeSecurityGroupIngress")) {
            server.stubFor(ec2(action).atPriority(10).willReturn(xml(200, Ec2Xml.response(action,
                "<return>true</return>"))));
        }
    }

    void elbAnswers(String action, String result) {
        stub(elb(action).willReturn(xml(200, ElbXml.response(action, result))));
    }

    void ec2Answers(String action, String body) {
        stub(ec2(action).willReturn(xml(200, Ec2Xml.response(action, body))));
    }

    void stub(MappingBuilder mapping) {
        server.stubFor(condition.apply(mapping));
    }

    /** Every call's form parameters, in order. */
    List<Map<String, String>> calls() {
        return server.findAll(anyRequestedFor(urlPathEqualTo("/"))).stream().map(AwsApiStub::form).toList();
    }

    List<Map<String, String>> calls(String action) {
        return calls().stream().filter(form -> action.equals(form.get("Action"))).toList();
    }

    /** The calls that change something: everything but the Describe* reads. */
    List<String> mutatingActions() {
        return calls().stream().map(form -> form.get("Action")).filter(action -> !action.startsWith("Describe"))
            .toList();
    }

    void forgetCalls() {
        server.resetRequests();
    }

    static Map<String, String> form(LoggedRequest request) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : request.getBodyAsString().split("&")) {
            int equals = pair.indexOf('=');
            form.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
        return form;
    }
}
