using System.Net;
using System.Text;
using System.Text.Json;
using ChatRoom.Aws.Tests.DynamoDb;
using ChatRoom.Samples.Tests.Clients;
using ChatRoom.Samples.Tests.Hosting;

namespace ChatRoom.Samples.Lambda.Tests.Gateway;

/// <summary>
/// The local gateway's <c>@connections</c> API verifies SigV4 signatures as API Gateway does: the function's own
/// requests get through, and a forged, tampered, stale or unsigned request is refused with 403 and changes nothing.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ConnectionsApiSignatureTests(DynaliteServer dynalite) : IClassFixture<DynaliteServer>
{
    private const string Secret = "gateway-tests-secret-access-key";
    private const string Forged = """{"type":"forged"}""";
    private static readonly HttpClient Http = new();

    public static TheoryData<string, string> Forgeries => new()
    {
        { "wrong secret", "The request signature we calculated does not match" },
        { "tampered body", "X-Amz-Content-SHA256 header does not match" },
        { "tampered body without its hash header", "The signed header 'x-amz-content-sha256' is not in the request." },
        { "tampered path", "The request signature we calculated does not match" },
        { "stale date", "Signature expired" },
        { "date from the future", "Signature not yet current" },
        { "unsigned", "Missing Authentication Token" },
        { "unknown access key", "access key 'someone-else' is not known" },
        { "wrong region", "Credential should be scoped to a valid region: 'us-east-1', not 'eu-west-1'" },
        { "wrong service", "Credential should be scoped to correct service: 'execute-api', not 's3'" },
    };

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task Post_ForgedRequest_Answers403AndTheChatIsUnaffected(string forgery, string expected)
    {
        await using var gateway = await StartAsync();
        await using var alice = await ChatSocket.ConnectAsync(gateway, "alice");
        await using var bob = await ChatSocket.ConnectAsync(gateway, "bob");
        var (aliceId, bobId, room) = await JoinOneRoomAsync(alice, bob);

        using var request = await ForgeAsync(forgery, Target(gateway, aliceId), Target(gateway, bobId));
        using var response = await Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var message = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("message").GetString();
        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, message, StringComparison.Ordinal);

        // Nothing reached either member: the next frame each sees is the next message, and the chat goes on.
        await alice.SendAsync(new { action = "sendmessage", room, text = "still here" });
        foreach (var member in new[] { alice, bob })
        {
            var next = await member.ReceiveAsync();
            Assert.Equal(("message", "still here"), (next.Type(), next.Text()));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-14)]
    [InlineData(14)]
    public async Task Post_SignedWithTheGatewaysKeysWithin15Minutes_IsDelivered(int minutesOff)
    {
        await using var gateway = await StartAsync();
        await using var alice = await ChatSocket.ConnectAsync(gateway, "alice");
        await using var bob = await ChatSocket.ConnectAsync(gateway, "bob");
        var (aliceId, _, _) = await JoinOneRoomAsync(alice, bob);

        using var request = await ManagementRequests.SignedAsync(
            HttpMethod.Post, Target(gateway, aliceId), """{"type":"note"}""", secretAccessKey: Secret, signedAt: DateTimeOffset.UtcNow.AddMinutes(minutesOff));
        using var response = await Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("note", (await alice.ReceiveAsync()).Type());
    }

    private static Uri Target(GatewayHost gateway, string connectionId) => new(gateway.ConnectionsUri, Uri.EscapeDataString(connectionId));

    /// <summary>A request meant for <paramref name="alice"/> that the gateway must refuse; <paramref name="bob"/> is the victim of the path swap.</summary>
    private static async Task<HttpRequestMessage> ForgeAsync(string forgery, Uri alice, Uri bob)
    {
        var now = DateTimeOffset.UtcNow;
        switch (forgery)
        {
            case "wrong secret":
                return await ManagementRequests.SignedAsync(HttpMethod.Post, alice, Forged, secretAccessKey: "not-the-gateways-secret");

            case "tampered body":
            case "tampered body without its hash header":
                var request = await ManagementRequests.SignedAsync(HttpMethod.Post, alice, """{"type":"note"}""", secretAccessKey: Secret);
                request.Content = new StringContent(Forged, Encoding.UTF8, "application/json");
                if (forgery == "tampered body without its hash header")
                {
                    request.Headers.Remove("X-Amz-Content-SHA256");
                }

                return request;

            case "tampered path":
                var signedForBob = await ManagementRequests.SignedAsync(HttpMethod.Post, bob, Forged, secretAccessKey: Secret);
                signedForBob.RequestUri = alice;
                return signedForBob;

            case "stale date":
                return await ManagementRequests.SignedAsync(HttpMethod.Post, alice, Forged, secretAccessKey: Secret, signedAt: now.AddMinutes(-16));

            case "date from the future":
                return await ManagementRequests.SignedAsync(HttpMethod.Post, alice, Forged, secretAccessKey: Secret, signedAt: now.AddMinutes(16));

            case "unsigned":
                return new HttpRequestMessage(HttpMethod.Post, alice) { Content = new StringContent(Forged, Encoding.UTF8, "application/json") };

            case "unknown access key":
                return await ManagementRequests.SignedAsync(HttpMethod.Post, alice, Forged, accessKeyId: "someone-else", secretAccessKey: Secret);

            case "wrong region":
                return await ManagementRequests.SignedAsync(HttpMethod.Post, alice, Forged, secretAccessKey: Secret, region: "eu-west-1");

            case "wrong service":
                return (await ManagementRequests.SignedAsync(HttpMethod.Post, alice, Forged, secretAccessKey: Secret)).WithScopedService("s3");

            default:
                throw new ArgumentOutOfRangeException(nameof(forgery), forgery, "Unknown forgery.");
        }
    }

    /// <summary>Puts both in a fresh room and reads every frame so far; returns their connection ids and the room.</summary>
    private static async Task<(string AliceId, string BobId, string Room)> JoinOneRoomAsync(ChatSocket alice, ChatSocket bob)
    {
        var room = Unique.Room("sigv4");
        await alice.SendAsync(new { action = "join", room });
        var aliceId = (await alice.ReceiveAsync("joined")).GetProperty("you").StringOf("connectionId")!;
        await bob.SendAsync(new { action = "join", room });
        var bobId = (await bob.ReceiveAsync("joined")).GetProperty("you").StringOf("connectionId")!;
        await alice.ReceiveAsync("presence", p => p.MemberName() == "bob");
        return (aliceId, bobId, room);
    }

    private Task<GatewayHost> StartAsync() => GatewayHost.StartAsync(
    [
        $"--ChatRoom:DynamoDb:ServiceUrl={dynalite.ServiceUrl}",
        $"--ChatRoom:DynamoDb:TableName=sigv4-{Guid.NewGuid().ToString("N")[..8]}",
        "--ChatRoom:DefaultRoom=", // no default room: no presence frames from it
        $"--LocalGateway:SecretAccessKey={Secret}",
    ]);
}
