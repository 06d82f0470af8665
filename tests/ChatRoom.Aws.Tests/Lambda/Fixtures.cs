namespace ChatRoom.Aws.Tests.Lambda;

/// <summary>The real captured API Gateway WebSocket events in <c>Lambda/Fixtures/</c> (see its PROVENANCE.md), read as bytes so a BOM stays a BOM.</summary>
public static class Fixtures
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Lambda", "Fixtures");

    public static IEnumerable<string> Names => System.IO.Directory.GetFiles(Directory, "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    public static byte[] Read(string name) => File.ReadAllBytes(Path.Combine(Directory, name));
}
