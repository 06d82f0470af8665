using System.Text.RegularExpressions;

namespace ChatRoom.Samples.LocalGateway;

/// <summary>
/// The management API's authentication check, in form only: an <c>AWS4-HMAC-SHA256</c> Authorization header whose
/// credential scope names the <c>execute-api</c> service, and an <c>X-Amz-Date</c>. The signature itself is not
/// verified (the keys are placeholders on a laptop); the messenger's signatures are verified in ChatRoom.Aws.Tests.
/// </summary>
internal static partial class SigV4Check
{
    [GeneratedRegex(@"^AWS4-HMAC-SHA256 Credential=[^/\s]+/(?<date>\d{8})/[a-z0-9-]+/(?<service>[a-z0-9-]+)/aws4_request, ?SignedHeaders=[a-z0-9;-]+, ?Signature=[0-9a-f]{64}$")]
    private static partial Regex Authorization();

    /// <summary>Returns null when the request looks SigV4-signed for execute-api, otherwise why not.</summary>
    public static string? Problem(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.Length == 0)
        {
            return "Missing Authentication Token";
        }

        var match = Authorization().Match(authorization);
        if (!match.Success)
        {
            return "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' (AWS4-HMAC-SHA256).";
        }

        if (match.Groups["service"].Value != "execute-api")
        {
            return $"Credential should be scoped to correct service: 'execute-api', not '{match.Groups["service"].Value}'.";
        }

        var amzDate = request.Headers["X-Amz-Date"].ToString();
        return amzDate.Length >= 8 && amzDate[..8] == match.Groups["date"].Value
            ? null
            : "X-Amz-Date is missing or does not match the credential scope's date.";
    }
}
