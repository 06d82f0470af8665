using System.Text.RegularExpressions;
using ChatRoom.Samples.Lambda.Page;
using Microsoft.Extensions.Configuration;
using YamlDotNet.RepresentationModel;
using static ChatRoom.Samples.Lambda.Tests.SamTemplate;

namespace ChatRoom.Samples.Lambda.Tests;

/// <summary>The template's page: an HTTP API with one auto-deployed route to the page function, its URL, and the chat admitting its origin.</summary>
public sealed partial class PageTemplateTests
{
    private const string PageOrigin = "https://${PageApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}";

    private readonly SamTemplate _template = Load();

    [Fact]
    public void PageApi_HttpApiDefaultRoute_ProxiedToThePageFunctionWithPayloadFormat2()
    {
        Assert.Equal("HTTP", Scalar(_template.Resource("PageApi")["ProtocolType"]));
        var (_, route) = Assert.Single(_template.ResourcesOfApi("AWS::ApiGatewayV2::Route", "PageApi"));
        Assert.Equal("$default", Scalar(route["RouteKey"]));
        var (integrationName, integration) = Assert.Single(_template.ResourcesOfApi("AWS::ApiGatewayV2::Integration", "PageApi"));
        Assert.Equal(["Fn::Sub", "integrations/${" + integrationName + "}"], Scalars(route["Target"]));

        Assert.Equal("AWS_PROXY", Scalar(integration["IntegrationType"]));
        Assert.Equal("POST", Scalar(integration["IntegrationMethod"]));
        Assert.Equal("2.0", Scalar(integration["PayloadFormatVersion"]));
        Assert.Equal(
            ["Fn::Sub", "arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${PageFunction.Arn}/invocations"],
            Scalars(integration["IntegrationUri"]));
    }

    [Fact]
    public void PageStage_AutoDeployedAndDependingOnEveryRoute_WithoutADeploymentResource()
    {
        var (stageName, stage) = Assert.Single(_template.ResourcesOfApi("AWS::ApiGatewayV2::Stage", "PageApi"));
        Assert.Equal("$default", Scalar(stage["StageName"]));
        Assert.Equal("true", Scalar(stage["AutoDeploy"]));
        Assert.Null(Get(stage, "DeploymentId"));

        var dependsOn = Scalars(((YamlMappingNode)_template.Resources[stageName])["DependsOn"]).ToHashSet(StringComparer.Ordinal);
        Assert.All(_template.ResourcesOfApi("AWS::ApiGatewayV2::Route", "PageApi"), route => Assert.Contains(route.Name, dependsOn));
        Assert.Empty(_template.ResourcesOfApi("AWS::ApiGatewayV2::Deployment", "PageApi"));
    }

    [Fact]
    public void PageStage_Throttled_WithItsOwnTwoParameters()
    {
        var (_, stage) = Assert.Single(_template.ResourcesOfApi("AWS::ApiGatewayV2::Stage", "PageApi"));
        var settings = (YamlMappingNode)stage["DefaultRouteSettings"];

        Assert.Equal(["Ref", "PageThrottlingRateLimit"], Scalars(settings["ThrottlingRateLimit"]));
        Assert.Equal(["Ref", "PageThrottlingBurstLimit"], Scalars(settings["ThrottlingBurstLimit"]));
        var parameters = (YamlMappingNode)_template.Root["Parameters"];
        var rate = (YamlMappingNode)parameters["PageThrottlingRateLimit"];
        var burst = (YamlMappingNode)parameters["PageThrottlingBurstLimit"];
        Assert.Equal(("Number", "50", "1"), (Scalar(rate["Type"]), Scalar(rate["Default"]), Scalar(rate["MinValue"])));
        Assert.Equal(("Number", "100", "1"), (Scalar(burst["Type"]), Scalar(burst["Default"]), Scalar(burst["MinValue"])));
    }

    [Fact]
    public void PagePermission_ApiGatewayInvoke_IsScopedToThePageApi()
    {
        var (_, permission) = Assert.Single(
            _template.ResourcesOfType("AWS::Lambda::Permission"),
            p => Scalars(p.Properties["FunctionName"]).SequenceEqual(["Ref", "PageFunction"]));

        Assert.Equal("apigateway.amazonaws.com", Scalar(permission["Principal"]));
        Assert.Equal("lambda:InvokeFunction", Scalar(permission["Action"]));
        Assert.Equal(["Fn::Sub", "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${PageApi}/*"], Scalars(permission["SourceArn"]));
    }

    [Fact]
    public void Outputs_PageUrl_IsThePageApisDefaultStage()
    {
        var output = (YamlMappingNode)((YamlMappingNode)_template.Root["Outputs"])["PageUrl"];

        Assert.Equal(["Fn::Sub", PageOrigin + "/"], Scalars(output["Value"]));
    }

    [Fact]
    public void PageFunction_Environment_TheChatStagesUrlTheTokenFlagsAndTheKeepAliveButNoKey()
    {
        var function = _template.Resource("PageFunction");
        Assert.Equal(Scalar(_template.Resource("ChatFunction")["CodeUri"]), Scalar(function["CodeUri"]));
        Assert.Equal(Scalars(_template.Resource("ChatFunction")["Architectures"]), Scalars(function["Architectures"]));
        var variables = (YamlMappingNode)((YamlMappingNode)function["Environment"])["Variables"];

        Assert.Equal(
            ["ChatRoom__Page__KeepAliveSeconds", "ChatRoom__Page__TokenRequired", "ChatRoom__Page__Tokens", "ChatRoom__Page__WebSocketUrl"],
            variables.Children.Keys.Select(Scalar).Order(StringComparer.Ordinal));
        Assert.Equal(["Fn::Sub", "wss://${ChatApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}/${StageName}"], Scalars(variables["ChatRoom__Page__WebSocketUrl"]));
        Assert.Equal(["Fn::If", "TokensEnabled", "true", "false"], Scalars(variables["ChatRoom__Page__Tokens"]));
        Assert.Equal(["Fn::If", "TokensEnabled", "true", "false"], Scalars(variables["ChatRoom__Page__TokenRequired"]));
        Assert.DoesNotContain(Scalars(function), s => s.Contains("Jwt", StringComparison.Ordinal));

        // The values, bound as the function binds its environment, are options it accepts: 5 minutes, its default.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ChatRoom:Page:WebSocketUrl"] = "wss://abc123.execute-api.eu-west-1.amazonaws.com/prod",
            ["ChatRoom:Page:Tokens"] = "true",
            ["ChatRoom:Page:TokenRequired"] = "false",
            ["ChatRoom:Page:KeepAliveSeconds"] = Scalar(variables["ChatRoom__Page__KeepAliveSeconds"]),
        }).Build();
        var options = PageOptions.FromConfiguration(configuration);
        Assert.Equal((true, false, 300), (options.Tokens, options.TokenRequired, options.KeepAliveSeconds));
        Assert.Equal(PageOptions.DefaultKeepAliveSeconds, options.KeepAliveSeconds);
    }

    [Fact]
    public void Conditions_TokensEnabled_WhenEitherSigningKeyParameterIsGiven()
    {
        var conditions = (YamlMappingNode)_template.Root["Conditions"];

        Assert.Equal(
            ["Fn::Or", "Fn::Not", "Fn::Equals", "Ref", "JwtSigningKey", string.Empty, "Condition", "HasJwtSigningKeyParameter"],
            Scalars(conditions["TokensEnabled"]));
        Assert.Equal(["Fn::Not", "Fn::Equals", "Ref", "JwtSigningKeyParameter", string.Empty], Scalars(conditions["HasJwtSigningKeyParameter"]));
    }

    [Fact]
    public void ChatFunction_AllowedOrigins_ThePagesOriginThenTheParametersOrigins()
    {
        var variables = (YamlMappingNode)((YamlMappingNode)_template.Resource("ChatFunction")["Environment"])["Variables"];

        Assert.Equal(
            ["Fn::If", "HasAllowedOrigins", "Fn::Sub", PageOrigin + ",${AllowedOrigins}", "Fn::Sub", PageOrigin],
            Scalars(variables["ChatRoom__AllowedOrigins"]));
        Assert.Equal(["Fn::Not", "Fn::Equals", "Ref", "AllowedOrigins", string.Empty], Scalars(((YamlMappingNode)_template.Root["Conditions"])["HasAllowedOrigins"]));
    }

    [Fact]
    public void Resources_References_HaveNoCycle()
    {
        // CloudFormation refuses a template whose resources refer to each other in a circle (Ref, GetAtt, Sub, DependsOn).
        var names = _template.Resources.Children.Keys.Select(Scalar).ToList();
        var edges = _template.Resources.Children.ToDictionary(
            r => Scalar(r.Key),
            r => names.Where(n => n != Scalar(r.Key) && RefersTo(r.Value, n)).ToList());
        var state = new Dictionary<string, int>();

        foreach (var name in names)
        {
            Visit(name, []);
        }

        void Visit(string name, List<string> path)
        {
            if (state.GetValueOrDefault(name) == 2)
            {
                return;
            }

            Assert.True(state.GetValueOrDefault(name) != 1, "Circular dependency: " + string.Join(" -> ", path.Append(name)));
            state[name] = 1;
            foreach (var next in edges[name])
            {
                Visit(next, [.. path, name]);
            }

            state[name] = 2;
        }
    }

    private static bool RefersTo(YamlNode resource, string name) =>
        Scalars(resource).Any(s => s == name || (s.Contains("${", StringComparison.Ordinal) && SubReferences().Matches(s).Any(m => m.Groups[1].Value == name)));

    [GeneratedRegex(@"\$\{([A-Za-z0-9]+)(?:\.[A-Za-z0-9.]+)?\}")]
    private static partial Regex SubReferences();
}
