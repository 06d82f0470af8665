using YamlDotNet.RepresentationModel;

namespace ChatRoom.Samples.Lambda.Tests;

/// <summary>The Lambda sample's <c>template.yaml</c>, parsed as plain YAML (it uses the long form of intrinsic functions).</summary>
public sealed class SamTemplate
{
    private SamTemplate(YamlMappingNode root) => Root = root;

    public YamlMappingNode Root { get; }

    public YamlMappingNode Resources => (YamlMappingNode)Root["Resources"];

    public static SamTemplate Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "template.yaml");
        using var reader = new StreamReader(path);
        var stream = new YamlStream();
        stream.Load(reader);
        return new SamTemplate((YamlMappingNode)stream.Documents.Single().RootNode);
    }

    public IEnumerable<(string Name, YamlMappingNode Properties)> ResourcesOfType(string type) =>
        Resources.Children
            .Where(r => Scalar(((YamlMappingNode)r.Value)["Type"]) == type)
            .Select(r => (Scalar(r.Key), (YamlMappingNode)((YamlMappingNode)r.Value)["Properties"]));

    public YamlMappingNode OnlyResource(string type) => Assert.Single(ResourcesOfType(type)).Properties;

    /// <summary>The properties of the resource with this logical name, e.g. <c>ChatFunction</c>.</summary>
    public YamlMappingNode Resource(string name) => (YamlMappingNode)((YamlMappingNode)Resources[name])["Properties"];

    /// <summary>The resources of a type that belong to one API (their <c>ApiId</c> is <c>Ref: {api}</c>).</summary>
    public IEnumerable<(string Name, YamlMappingNode Properties)> ResourcesOfApi(string type, string api) =>
        ResourcesOfType(type).Where(r => Get(r.Properties, "ApiId") is { } apiId && Scalars(apiId).SequenceEqual(["Ref", api]));

    public static string Scalar(YamlNode node) => ((YamlScalarNode)node).Value ?? string.Empty;

    public static YamlNode? Get(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    /// <summary>Every scalar under a node, depth first.</summary>
    public static IEnumerable<string> Scalars(YamlNode node) => node switch
    {
        YamlScalarNode scalar => [scalar.Value ?? string.Empty],
        YamlSequenceNode sequence => sequence.Children.SelectMany(Scalars),
        YamlMappingNode mapping => mapping.Children.SelectMany(c => Scalars(c.Key).Concat(Scalars(c.Value))),
        _ => [],
    };
}
