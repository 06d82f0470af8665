using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace ChatRoom.Aws.Tests.ApiGateway;

/// <summary>
/// Recomputes an AWS Signature Version 4 from a request as it arrived on the wire, independently of the SDK, to prove
/// the messenger's requests would pass API Gateway's check.
/// </summary>
public static partial class SigV4Verifier
{
    public const string AccessKey = "AKIDEXAMPLE";
    public const string SecretKey = "secret";

    [GeneratedRegex(@"^AWS4-HMAC-SHA256 Credential=(?<key>[^/]+)/(?<date>\d{8})/(?<region>[a-z0-9-]+)/(?<service>[a-z-]+)/aws4_request, SignedHeaders=(?<signed>[a-z0-9;-]+), Signature=(?<signature>[0-9a-f]{64})$")]
    public static partial Regex AuthorizationPattern();

    /// <summary>Asserts the request carries a valid SigV4 signature for execute-api in us-east-1 with the test keys.</summary>
    public static void AssertSigned(RecordedRequest request, string secretKey = SecretKey)
    {
        var authorization = request.Header("Authorization");
        Assert.NotNull(authorization);
        var match = AuthorizationPattern().Match(authorization);
        Assert.True(match.Success, $"Authorization header has an unexpected form: {authorization}");
        Assert.Equal(AccessKey, match.Groups["key"].Value);
        Assert.Equal("us-east-1", match.Groups["region"].Value);
        Assert.Equal("execute-api", match.Groups["service"].Value);

        var amzDate = request.Header("X-Amz-Date");
        Assert.NotNull(amzDate);
        Assert.Matches(@"^\d{8}T\d{6}Z$", amzDate);
        Assert.Equal(amzDate[..8], match.Groups["date"].Value);

        var payloadHash = Hex(SHA256.HashData(request.Body));
        Assert.Equal(payloadHash, request.Header("X-Amz-Content-SHA256"));

        var signedHeaders = match.Groups["signed"].Value.Split(';');
        Assert.Contains("host", signedHeaders);
        Assert.Contains("x-amz-date", signedHeaders);

        var expected = ComputeSignature(request, signedHeaders, payloadHash, amzDate, secretKey);
        Assert.Equal(expected, match.Groups["signature"].Value);
    }

    public static string Signature(RecordedRequest request) => AuthorizationPattern().Match(request.Header("Authorization")!).Groups["signature"].Value;

    public static IReadOnlyList<string> SignedHeaders(RecordedRequest request) =>
        AuthorizationPattern().Match(request.Header("Authorization")!).Groups["signed"].Value.Split(';');

    private static string ComputeSignature(RecordedRequest request, string[] signedHeaders, string payloadHash, string amzDate, string secretKey)
    {
        var path = request.RawTarget.Split('?')[0];

        // Services other than S3 sign the path with each segment URI-encoded once more (so %3D becomes %253D).
        var canonicalUri = string.Join('/', path.Split('/').Select(UriEncode));
        var canonicalHeaders = new StringBuilder();
        foreach (var name in signedHeaders)
        {
            var value = request.Header(name);
            Assert.True(value is not null, $"Signed header '{name}' was not sent.");
            canonicalHeaders.Append(name).Append(':').Append(CollapseSpaces(value.Trim())).Append('\n');
        }

        var canonicalRequest = string.Join('\n', request.Method, canonicalUri, string.Empty, canonicalHeaders.ToString(), string.Join(';', signedHeaders), payloadHash);
        var date = amzDate[..8];
        var scope = $"{date}/us-east-1/execute-api/aws4_request";
        var stringToSign = string.Join('\n', "AWS4-HMAC-SHA256", amzDate, scope, Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest))));

        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secretKey), date);
        key = Hmac(key, "us-east-1");
        key = Hmac(key, "execute-api");
        key = Hmac(key, "aws4_request");
        return Hex(Hmac(key, stringToSign));
    }

    private static string UriEncode(string segment)
    {
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(segment))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    private static string CollapseSpaces(string value) => Regex.Replace(value, " +", " ");

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
