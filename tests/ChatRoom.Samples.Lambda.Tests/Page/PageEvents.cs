using System.Text.Json;
using ChatRoom.Samples.Lambda.Page;

namespace ChatRoom.Samples.Lambda.Tests.Page;

/// <summary>HTTP API (payload format 2.0) events for the page function, and its answers parsed.</summary>
internal static class PageEvents
{
    /// <summary>A request modelled on the payload format 2.0 example of the API Gateway developer guide ("Working with AWS Lambda proxy integrations for HTTP APIs"), for <paramref name="method"/> and <paramref name="rawPath"/>.</summary>
    public static string Request(string method, string rawPath, IReadOnlyDictionary<string, string>? headers = null)
    {
        var allHeaders = new Dictionary<string, string>
        {
            ["accept"] = "text/html,application/xhtml+xml",
            ["host"] = "r3pmxmplak.execute-api.us-east-2.amazonaws.com",
            ["user-agent"] = "Mozilla/5.0",
            ["x-amzn-trace-id"] = "Root=1-5e6722a7-cc56xmpl46db7ae02d4da47e",
            ["x-forwarded-for"] = "205.255.255.176",
            ["x-forwarded-port"] = "443",
            ["x-forwarded-proto"] = "https",
        };
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            allHeaders[name] = value;
        }

        return JsonSerializer.Serialize(new
        {
            version = "2.0",
            routeKey = "$default",
            rawPath,
            rawQueryString = "name=alice",
            cookies = new[] { "s_fid=7AABXMPL1AFD9BBF-0643XMPL09956DE2" },
            headers = allHeaders,
            queryStringParameters = new { name = "alice" },
            requestContext = new
            {
                accountId = "123456789012",
                apiId = "r3pmxmplak",
                domainName = "r3pmxmplak.execute-api.us-east-2.amazonaws.com",
                domainPrefix = "r3pmxmplak",
                http = new { method, path = rawPath, protocol = "HTTP/1.1", sourceIp = "205.255.255.176", userAgent = "Mozilla/5.0" },
                requestId = "JKJaXmPLvHcESHA=",
                routeKey = "$default",
                stage = "$default",
                time = "10/Mar/2020:05:16:23 +0000",
                timeEpoch = 1583817383220,
            },
            isBase64Encoded = false,
        });
    }

    public static async Task<PageAnswer> InvokeAsync(PageFunction function, string json)
    {
        await using var output = await function.HandleAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)));
        using var document = await JsonDocument.ParseAsync(output);
        var root = document.RootElement;
        var headers = root.GetProperty("headers").EnumerateObject().ToDictionary(h => h.Name, h => h.Value.GetString() ?? string.Empty, StringComparer.OrdinalIgnoreCase);
        return new PageAnswer(root.GetProperty("statusCode").GetInt32(), headers, root.GetProperty("body").GetString() ?? string.Empty, root.GetProperty("isBase64Encoded").GetBoolean());
    }
}
