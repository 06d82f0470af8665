namespace ChatRoom.AwsCost;

/// <summary>Requests counted over some interval.</summary>
/// <param name="ByKind">Requests by operation or method.</param>
/// <param name="ReadUnits">Read capacity units the responses reported.</param>
/// <param name="WriteUnits">Write capacity units the responses reported.</param>
/// <param name="Unreported">Responses that reported no consumed capacity (errors, operations that do not report it).</param>
internal sealed record TallySnapshot(IReadOnlyDictionary<string, int> ByKind, double ReadUnits, double WriteUnits, int Unreported)
{
    public int Total => ByKind.Values.Sum();

    public int Count(string kind) => ByKind.GetValueOrDefault(kind);
}
