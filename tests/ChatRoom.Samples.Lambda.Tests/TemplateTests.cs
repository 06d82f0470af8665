using System.Reflection;
using ChatRoom.Authentication.Jwt;
using ChatRoom.Aws;
using ChatRoom.Aws.Internal;
using Microsoft.Extensions.Configuration;
using YamlDotNet.RepresentationModel;
using static ChatRoom.Samples.Lambda.Tests.SamTemplate;

namespace ChatRoom.Samples.Lambda.Tests;

/// <summary>The SAM template agrees with the code it deploys: handler, table layout, environment, and least-privilege IAM.</summary>
public sealed class TemplateTests
{
    private readonly SamTemplate _template = Load();

    [Fact]
    public void Handler_EveryFunction_NamesAStreamToTaskOfStreamMethodInTheBuiltAssembly()
    {
        var functions = _template.ResourcesOfType("AWS::Serverless::Function").ToList();
        Assert.NotEmpty(functions);

        foreach (var (name, properties) in functions)
        {
            var parts = Scalar(properties["Handler"]).Split("::");
            Assert.True(parts.Length == 3, $"{name}: handler must be Assembly::Type::Method");
            var assembly = Assembly.Load(parts[0]);
            var type = assembly.GetType(parts[1], throwOnError: false);
            Assert.True(type is not null, $"{name}: type {parts[1]} is not in {parts[0]}");
            Assert.NotNull(type.GetConstructor(Type.EmptyTypes));
            var method = type.GetMethod(parts[2], BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static, [typeof(Stream)]);
            Assert.True(method is not null, $"{name}: {parts[1]} has no public {parts[2]}(Stream)");
            Assert.Equal(typeof(Task<Stream>), method.ReturnType);
            Assert.Equal("dotnet10", Scalar(properties["Runtime"]));
        }
    }

    [Fact]
    public void Table_KeysTtlAndIndexes_MatchTheAdapter()
    {
        var table = _template.OnlyResource("AWS::DynamoDB::Table");

        var keys = ((YamlSequenceNode)table["KeySchema"]).Cast<YamlMappingNode>().ToDictionary(k => Scalar(k["KeyType"]), k => Scalar(k["AttributeName"]));
        Assert.Equal(new Dictionary<string, string> { ["HASH"] = TableKeys.PartitionKey, ["RANGE"] = TableKeys.SortKey }, keys);
        var attributes = ((YamlSequenceNode)table["AttributeDefinitions"]).Cast<YamlMappingNode>().ToDictionary(a => Scalar(a["AttributeName"]), a => Scalar(a["AttributeType"]));
        Assert.Equal(new Dictionary<string, string> { [TableKeys.PartitionKey] = "S", [TableKeys.SortKey] = "S" }, attributes);
        Assert.Null(Get(table, "GlobalSecondaryIndexes"));
        Assert.Null(Get(table, "LocalSecondaryIndexes"));
        Assert.Equal("PAY_PER_REQUEST", Scalar(table["BillingMode"]));
        var ttl = (YamlMappingNode)table["TimeToLiveSpecification"];
        Assert.Equal(TableKeys.TimeToLive, Scalar(ttl["AttributeName"]));
        Assert.Equal("true", Scalar(ttl["Enabled"]));
    }

    [Fact]
    public void Api_WebSocketWithTheThreeRoutes_AllProxiedToTheFunction()
    {
        var api = _template.Resource("ChatApi");
        Assert.Equal("WEBSOCKET", Scalar(api["ProtocolType"]));
        Assert.Equal("$request.body.action", Scalar(api["RouteSelectionExpression"]));

        var routes = _template.ResourcesOfApi("AWS::ApiGatewayV2::Route", "ChatApi").Select(r => Scalar(r.Properties["RouteKey"])).Order(StringComparer.Ordinal);
        Assert.Equal(["$connect", "$default", "$disconnect"], routes);
        var integration = _template.Resource("ChatIntegration");
        Assert.Equal("AWS_PROXY", Scalar(integration["IntegrationType"]));
        Assert.Equal("POST", Scalar(integration["IntegrationMethod"]));
        Assert.StartsWith("wss://", Scalars(((YamlMappingNode)Root(_template)["Outputs"])["WebSocketUrl"]).Single(s => s.StartsWith("wss://", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public void Policies_DynamoDbAndManageConnections_AreScopedToTheTableAndTheStage()
    {
        var function = _template.Resource("ChatFunction");
        var statements = PolicyStatements(function).Select(s => s.Statement).ToList();

        var actions = statements.SelectMany(s => Scalars(s["Action"])).ToList();
        Assert.DoesNotContain(actions, a => a.Contains('*', StringComparison.Ordinal));
        Assert.DoesNotContain("dynamodb:Scan", actions);
        foreach (var resource in statements.SelectMany(s => Scalars(s["Resource"])))
        {
            Assert.NotEqual("*", resource);
        }

        var dynamo = Assert.Single(statements, s => Scalars(s["Action"]).Any(a => a.StartsWith("dynamodb:", StringComparison.Ordinal)));
        Assert.Equal(
            ["dynamodb:BatchWriteItem", "dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:UpdateItem"],
            Scalars(dynamo["Action"]).Order(StringComparer.Ordinal));
        var tableName = Assert.Single(_template.ResourcesOfType("AWS::DynamoDB::Table")).Name;
        Assert.Equal(["Fn::GetAtt", tableName, "Arn"], Scalars(dynamo["Resource"]));

        var manage = Assert.Single(statements, s => Scalars(s["Action"]).Contains("execute-api:ManageConnections"));
        Assert.Equal(["execute-api:ManageConnections"], Scalars(manage["Action"]));
        const string apiName = "ChatApi";
        Assert.Equal(
            ["Fn::Sub", "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${" + apiName + "}/${StageName}/*"],
            Scalars(manage["Resource"]));
    }

    [Fact]
    public void Permission_ApiGatewayInvoke_IsScopedToTheApi()
    {
        var permission = _template.Resource("ChatFunctionPermission");
        const string apiName = "ChatApi";

        Assert.Equal("apigateway.amazonaws.com", Scalar(permission["Principal"]));
        Assert.Equal("lambda:InvokeFunction", Scalar(permission["Action"]));
        Assert.Equal(["Fn::Sub", "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${" + apiName + "}/*"], Scalars(permission["SourceArn"]));
    }

    [Fact]
    public void Environment_Variables_BindToTheAdapterOptions()
    {
        var function = _template.Resource("ChatFunction");
        var variables = (YamlMappingNode)((YamlMappingNode)function["Environment"])["Variables"];
        var names = variables.Children.Keys.Select(Scalar).ToList();
        Assert.Equal(
            ["ChatRoom__AllowedOrigins", "ChatRoom__ApiGateway__ApiId", "ChatRoom__ApiGateway__FunctionTimeoutSeconds", "ChatRoom__ApiGateway__Stage", "ChatRoom__DynamoDb__TableName", "ChatRoom__Jwt__Audience", "ChatRoom__Jwt__Issuer", "ChatRoom__Jwt__SigningKey", "ChatRoom__Jwt__SigningKeyParameter"],
            names.Order(StringComparer.Ordinal));

        // Bind them the way the environment-variables provider maps '__' to ':' (a number where the option is one).
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(names.ToDictionary(n => n.Replace("__", ":", StringComparison.Ordinal), n => (string?)(n == "ChatRoom__ApiGateway__FunctionTimeoutSeconds" ? "29" : "value-of-" + n)))
            .Build();
        var dynamo = configuration.GetSection("ChatRoom:DynamoDb").Get<DynamoDbOptions>()!;
        var gateway = configuration.GetSection("ChatRoom:ApiGateway").Get<ApiGatewayMessengerOptions>()!;
        Assert.Equal("value-of-ChatRoom__DynamoDb__TableName", dynamo.TableName);
        Assert.Equal("value-of-ChatRoom__ApiGateway__ApiId", gateway.ApiId);
        Assert.Equal("value-of-ChatRoom__ApiGateway__Stage", gateway.Stage);
        Assert.Equal(29, gateway.FunctionTimeoutSeconds);
        var jwt = configuration.GetSection("ChatRoom:Jwt").Get<JwtAuthenticationOptions>()!;
        Assert.Equal(("value-of-ChatRoom__Jwt__SigningKey", "value-of-ChatRoom__Jwt__Issuer", "value-of-ChatRoom__Jwt__Audience"), (jwt.SigningKey, jwt.Issuer, jwt.Audience));
        Assert.Equal("value-of-ChatRoom__Jwt__SigningKeyParameter", configuration.GetSection("ChatRoom:Jwt")[JwtSettings.SigningKeyParameterName]);
        Assert.Equal(["Ref", Assert.Single(_template.ResourcesOfType("AWS::DynamoDB::Table")).Name], Scalars(variables["ChatRoom__DynamoDb__TableName"]));
    }

    [Fact]
    public void Parameters_JwtSigningKey_IsNoEchoOptionalAndPassedToTheFunction()
    {
        var parameter = (YamlMappingNode)((YamlMappingNode)_template.Root["Parameters"])["JwtSigningKey"];
        Assert.Equal("String", Scalar(parameter["Type"]));
        Assert.Equal("true", Scalar(parameter["NoEcho"]));
        Assert.Equal(string.Empty, Scalar(parameter["Default"]));

        // The pattern admits anonymous mode (empty) and keys the options validator accepts, nothing shorter.
        var pattern = new System.Text.RegularExpressions.Regex(Scalar(parameter["AllowedPattern"]));
        Assert.Matches(pattern, string.Empty);
        Assert.Matches(pattern, new string('k', 32));
        Assert.DoesNotMatch(pattern, new string('k', 31));

        var function = _template.Resource("ChatFunction");
        var variables = (YamlMappingNode)((YamlMappingNode)function["Environment"])["Variables"];
        Assert.Equal(["Ref", "JwtSigningKey"], Scalars(variables["ChatRoom__Jwt__SigningKey"]));
    }

    [Fact]
    public void Parameters_AllowedOrigins_OneCommaSeparatedVariableTheFunctionReadsAsAList()
    {
        var parameter = Parameter("AllowedOrigins");
        Assert.Equal("String", Scalar(parameter["Type"]));
        Assert.Equal(string.Empty, Scalar(parameter["Default"]));
        var function = _template.Resource("ChatFunction");
        var variables = (YamlMappingNode)((YamlMappingNode)function["Environment"])["Variables"];
        Assert.Contains(Scalars(variables["ChatRoom__AllowedOrigins"]), v => v.EndsWith(",${AllowedOrigins}", StringComparison.Ordinal));

        // CloudFormation matches AllowedPattern against the whole value.
        var pattern = new System.Text.RegularExpressions.Regex(Scalar(parameter["AllowedPattern"]));
        Assert.Matches(pattern, string.Empty);
        Assert.Matches(pattern, "https://chat.example.com");
        Assert.Matches(pattern, "https://chat.example.com/, http://localhost:5080");
        Assert.DoesNotMatch(pattern, "chat.example.com");
        Assert.DoesNotMatch(pattern, "https://chat.example.com/page");

        // What the variable holds, bound as the environment-variables provider binds it, is the list of origins.
        var chat = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ChatRoom:AllowedOrigins"] = "https://chat.example.com/, http://localhost:5080" })
            .Build().GetSection("ChatRoom");
        Assert.Equal(["https://chat.example.com/", "http://localhost:5080"], AllowedOriginsSetting.Read(chat));
    }

    [Fact]
    public void Build_SamPublishesForTheArchitecture_ReadyToRunThenAndPlainIlWithoutARuntimeIdentifier()
    {
        // sam build publishes for the function's architecture (-r linux-arm64 or -r linux-x64); ReadyToRun needs that
        // runtime identifier and takes about a third off the cold start (docs/lambda.md, "Cold start"). Builds and
        // tests have none.
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory.FullName, "ChatRoom.sln")))
        {
            directory = directory.Parent ?? throw new InvalidOperationException("ChatRoom.sln not found above " + AppContext.BaseDirectory);
        }

        var project = System.Xml.Linq.XDocument.Load(Path.Combine(directory.FullName, "samples", "ChatRoom.Samples.Lambda", "ChatRoom.Samples.Lambda.csproj"));
        var readyToRun = Assert.Single(project.Descendants("PublishReadyToRun"));
        Assert.Equal("true", readyToRun.Value);
        Assert.Equal("'$(RuntimeIdentifier)' != ''", (string?)readyToRun.Attribute("Condition"));
        Assert.Equal(["arm64", "x86_64"], Scalars(Parameter("Architecture")["AllowedValues"]));
    }

    [Fact]
    public void Stage_DefaultRouteSettings_ThrottleWithTheTwoParameters()
    {
        var stage = _template.Resource("ChatStage");
        var settings = (YamlMappingNode)stage["DefaultRouteSettings"];

        Assert.Equal(["Ref", "ThrottlingRateLimit"], Scalars(settings["ThrottlingRateLimit"]));
        Assert.Equal(["Ref", "ThrottlingBurstLimit"], Scalars(settings["ThrottlingBurstLimit"]));
        var rate = Parameter("ThrottlingRateLimit");
        var burst = Parameter("ThrottlingBurstLimit");
        Assert.Equal(("Number", "Number"), (Scalar(rate["Type"]), Scalar(burst["Type"])));
        Assert.Equal(("500", "1000"), (Scalar(rate["Default"]), Scalar(burst["Default"])));
        Assert.Equal(("1", "1"), (Scalar(rate["MinValue"]), Scalar(burst["MinValue"])));
        Assert.False(string.IsNullOrWhiteSpace(Scalar(rate["Description"])));
        Assert.False(string.IsNullOrWhiteSpace(Scalar(burst["Description"])));

        // The defaults stay under the account's regional defaults (10,000/s, burst 5,000), which every API shares.
        Assert.InRange(int.Parse(Scalar(rate["Default"]), System.Globalization.CultureInfo.InvariantCulture), 1, 10_000);
        Assert.InRange(int.Parse(Scalar(burst["Default"]), System.Globalization.CultureInfo.InvariantCulture), 1, 5_000);
    }

    [Fact]
    public void ConnectRoute_NoAuthorizerResource_FunctionChecksTokensItself()
    {
        // The REQUEST authorizer is documented as a commented-out alternative; the deployed stack has none.
        Assert.Empty(_template.ResourcesOfType("AWS::ApiGatewayV2::Authorizer"));
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "template.yaml"));
        Assert.Contains("# ConnectAuthorizer:", text, StringComparison.Ordinal);
        Assert.Contains("#     AuthorizerType: REQUEST", text, StringComparison.Ordinal);
        Assert.Contains("#       - route.request.querystring.access_token", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Policies_SigningKeyParameter_OnlyThatParameterAndOnlyWhenGiven()
    {
        var function = _template.Resource("ChatFunction");
        var (condition, statement) = Assert.Single(PolicyStatements(function), s => Scalars(s.Statement["Action"]).Any(a => a.StartsWith("ssm:", StringComparison.Ordinal)));

        Assert.Equal("HasJwtSigningKeyParameter", condition);
        Assert.Equal(["ssm:GetParameter"], Scalars(statement["Action"]));
        Assert.Equal(["Fn::Sub", "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter${JwtSigningKeyParameter}"], Scalars(statement["Resource"]));
        Assert.Equal(["Fn::Not", "Fn::Equals", "Ref", "JwtSigningKeyParameter", string.Empty], Scalars(Condition("HasJwtSigningKeyParameter")));
        var variables = (YamlMappingNode)((YamlMappingNode)function["Environment"])["Variables"];
        Assert.Equal(["Ref", "JwtSigningKeyParameter"], Scalars(variables["ChatRoom__Jwt__SigningKeyParameter"]));

        // The ARN is "parameter" followed by the name, so the name must start with its "/".
        var pattern = new System.Text.RegularExpressions.Regex(Scalar(Parameter("JwtSigningKeyParameter")["AllowedPattern"]));
        Assert.Matches(pattern, string.Empty);
        Assert.Matches(pattern, "/chatroom/jwt-signing-key");
        Assert.Matches(pattern, "/prod/chat.room_1/key");
        Assert.DoesNotMatch(pattern, "chatroom/jwt-signing-key");
        Assert.DoesNotMatch(pattern, "/chatroom/*");
    }

    [Fact]
    public void Table_EncryptionRetentionAndRecovery_AwsOwnedKeyUnlessOneIsGivenKeptWithTheStackGone()
    {
        var (name, _) = Assert.Single(_template.ResourcesOfType("AWS::DynamoDB::Table"));
        var resource = (YamlMappingNode)_template.Resources[name];
        Assert.Equal(("Retain", "Retain"), (Scalar(resource["DeletionPolicy"]), Scalar(resource["UpdateReplacePolicy"])));

        var table = (YamlMappingNode)resource["Properties"];
        var encryption = (YamlSequenceNode)((YamlMappingNode)table["SSESpecification"])["Fn::If"];
        Assert.Equal("HasTableKmsKey", Scalar(encryption[0]));
        var withKey = (YamlMappingNode)encryption[1];
        Assert.Equal(("true", "KMS"), (Scalar(withKey["SSEEnabled"]), Scalar(withKey["SSEType"])));
        Assert.Equal(["Ref", "TableKmsKeyArn"], Scalars(withKey["KMSMasterKeyId"]));
        Assert.Equal(["Ref", "AWS::NoValue"], Scalars(encryption[2]));
        Assert.Equal(["Fn::Not", "Fn::Equals", "Ref", "TableKmsKeyArn", string.Empty], Scalars(Condition("HasTableKmsKey")));
        Assert.Equal(string.Empty, Scalar(Parameter("TableKmsKeyArn")["Default"]));

        Assert.Equal(["Ref", "PointInTimeRecovery"], Scalars(((YamlMappingNode)table["PointInTimeRecoverySpecification"])["PointInTimeRecoveryEnabled"]));
        Assert.Equal(["true", "false"], Scalars(Parameter("PointInTimeRecovery")["AllowedValues"]));

        // With a customer managed key, the function may use that key, through DynamoDB only.
        var function = _template.Resource("ChatFunction");
        var (condition, kms) = Assert.Single(PolicyStatements(function), s => Scalars(s.Statement["Action"]).Any(a => a.StartsWith("kms:", StringComparison.Ordinal)));
        Assert.Equal("HasTableKmsKey", condition);
        Assert.Equal(["Ref", "TableKmsKeyArn"], Scalars(kms["Resource"]));
        Assert.Equal(["StringEquals", "kms:ViaService", "Fn::Sub", "dynamodb.${AWS::Region}.${AWS::URLSuffix}"], Scalars(kms["Condition"]));
    }

    [Fact]
    public void Stage_AutoDeploysAfterTheRoutes_WithNoDeploymentResource()
    {
        var (name, stage) = Assert.Single(_template.ResourcesOfApi("AWS::ApiGatewayV2::Stage", "ChatApi"));
        Assert.Equal("true", Scalar(stage["AutoDeploy"]));
        Assert.Null(Get(stage, "DeploymentId"));
        Assert.Empty(_template.ResourcesOfType("AWS::ApiGatewayV2::Deployment"));

        var routes = _template.ResourcesOfApi("AWS::ApiGatewayV2::Route", "ChatApi").Select(r => r.Name).Order(StringComparer.Ordinal);
        var dependsOn = Scalars(((YamlMappingNode)_template.Resources[name])["DependsOn"]).Order(StringComparer.Ordinal);
        Assert.Equal(routes, dependsOn);
    }

    private static YamlMappingNode Root(SamTemplate template) => template.Root;

    /// <summary>Every statement of a function's policies, with the condition it is under (null when unconditional).</summary>
    private static IEnumerable<(string? Condition, YamlMappingNode Statement)> PolicyStatements(YamlMappingNode function) =>
        ((YamlSequenceNode)function["Policies"]).Cast<YamlMappingNode>().SelectMany(policy =>
            Get(policy, "Fn::If") is YamlSequenceNode conditional
                ? ((YamlSequenceNode)((YamlMappingNode)conditional[1])["Statement"]).Cast<YamlMappingNode>().Select(s => ((string?)Scalar(conditional[0]), s))
                : ((YamlSequenceNode)policy["Statement"]).Cast<YamlMappingNode>().Select(s => ((string?)null, s)));

    private YamlMappingNode Condition(string name) => (YamlMappingNode)((YamlMappingNode)_template.Root["Conditions"])[name];

    private YamlMappingNode Parameter(string name) => (YamlMappingNode)((YamlMappingNode)_template.Root["Parameters"])[name];
}
