using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace ChatRoom.Samples.Lambda.Page;

/// <summary>
/// The chat page's files, embedded in this assembly from the ASP.NET Core sample's <c>wwwroot</c> (linked, not copied,
/// so every host serves the same page), keyed by request path; <c>/</c> is <c>index.html</c>.
/// </summary>
internal static class PageAssets
{
    /// <summary>The prefix of the embedded resources' logical names (the project file sets them).</summary>
    public const string ResourcePrefix = "page/";

    private static readonly Lazy<IReadOnlyDictionary<string, PageAsset>> All = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Gets the files by request path, e.g. <c>/app.js</c>; read and hashed once per process.</summary>
    public static IReadOnlyDictionary<string, PageAsset> ByPath => All.Value;

    /// <summary>Gets the Content-Type for a file name, by extension.</summary>
    /// <param name="fileName">The file name.</param>
    /// <returns>The media type, with a charset for text.</returns>
    public static string ContentTypeOf(string fileName) => Path.GetExtension(fileName).ToUpperInvariant() switch
    {
        ".HTML" => "text/html; charset=utf-8",
        ".JS" => "text/javascript; charset=utf-8",
        ".CSS" => "text/css; charset=utf-8",
        ".SVG" => "image/svg+xml",
        ".JSON" => "application/json; charset=utf-8",
        _ => "application/octet-stream",
    };

    private static Dictionary<string, PageAsset> Load()
    {
        var assembly = typeof(PageAssets).Assembly;
        var assets = new Dictionary<string, PageAsset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(static n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            var fileName = name[ResourcePrefix.Length..];
            var asset = Read(assembly, name, fileName);
            assets["/" + fileName] = asset;
            if (fileName == "index.html")
            {
                assets["/"] = asset;
            }
        }

        return assets;
    }

    private static PageAsset Read(Assembly assembly, string resourceName, string fileName)
    {
        using var stream = assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"The embedded page file '{resourceName}' is missing.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var bytes = buffer.ToArray();
        var contentType = ContentTypeOf(fileName);
        var text = contentType.StartsWith("text/", StringComparison.Ordinal) || contentType.StartsWith("image/svg", StringComparison.Ordinal) || contentType.StartsWith("application/json", StringComparison.Ordinal);
        var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 16)) + "\"";
        return new PageAsset(contentType, text ? Encoding.UTF8.GetString(bytes) : Convert.ToBase64String(bytes), !text, etag);
    }
}
