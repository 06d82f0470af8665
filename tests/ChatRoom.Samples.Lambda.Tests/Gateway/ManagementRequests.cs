using System.Text.RegularExpressions;
using Amazon.Runtime;
using ChatRoom.Aws;
using ChatRoom.Aws.Internal;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ChatRoom.Samples.Lambda.Tests.Gateway;

/// <summary>
/// <c>@connections</c> requests signed exactly as the function signs them (ChatRoom.Aws's <c>ApiGatewaySigner</c>, that
/// is AWSSDK.Core's <c>AWSSigV4Signer</c>), with the gateway's default key pair and region unless told otherwise.
/// </summary>
public static partial class ManagementRequests
{
    public const string AccessKeyId = "local";
    public const string SecretAccessKey = "local";
    public const string Region = "us-east-1";

    /// <summary>A signed request; POST carries <paramref name="body"/> (<c>{}</c> by default) as JSON.</summary>
    public static async Task<HttpRequestMessage> SignedAsync(
        HttpMethod method,
        Uri target,
        string? body = null,
        string accessKeyId = AccessKeyId,
        string secretAccessKey = SecretAccessKey,
        string region = Region,
        DateTimeOffset? signedAt = null)
    {
        var request = new HttpRequestMessage(method, target);
        if (method == HttpMethod.Post)
        {
            request.Content = new StringContent(body ?? "{}", System.Text.Encoding.UTF8, "application/json");
        }

        var options = Options.Create(new ApiGatewayMessengerOptions { Region = region, Credentials = new BasicAWSCredentials(accessKeyId, secretAccessKey) });
        await new ApiGatewaySigner(options, signedAt is { } at ? new FakeTimeProvider(at) : TimeProvider.System).SignAsync(request, CancellationToken.None);
        return request;
    }

    /// <summary>Rewrites the service in the signature's credential scope, e.g. to <c>s3</c> (the signature then no longer matches either).</summary>
    public static HttpRequestMessage WithScopedService(this HttpRequestMessage request, string service)
    {
        var authorization = request.Headers.GetValues("Authorization").Single();
        request.Headers.Remove("Authorization");
        request.Headers.TryAddWithoutValidation("Authorization", ScopedService().Replace(authorization, "/" + service + "/aws4_request"));
        return request;
    }

    [GeneratedRegex("/execute-api/aws4_request")]
    private static partial Regex ScopedService();
}
