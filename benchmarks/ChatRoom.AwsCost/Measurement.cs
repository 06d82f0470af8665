namespace ChatRoom.AwsCost;

/// <summary>What one design cost for <see cref="Messages"/> messages into a room of <see cref="Members"/> members while <see cref="Others"/> connections sat in other rooms.</summary>
/// <param name="Design">ChatRoom, or Reference (the Scan design).</param>
/// <param name="Members">M.</param>
/// <param name="Others">K.</param>
/// <param name="Messages">Messages sent.</param>
/// <param name="DynamoDb">DynamoDB requests by operation and the capacity units reported.</param>
/// <param name="ConnectionsApi">Requests the gateway's <c>@connections</c> API received, by method.</param>
/// <param name="Invocations">Function invocations by event type.</param>
/// <param name="Deliveries">Frames the room's clients received (a check: Messages × M).</param>
internal sealed record Measurement(
    string Design,
    int Members,
    int Others,
    int Messages,
    TallySnapshot DynamoDb,
    TallySnapshot ConnectionsApi,
    TallySnapshot Invocations,
    int Deliveries)
{
    public double PerMessage(int count) => (double)count / Messages;

    public double DynamoDbRequests => PerMessage(DynamoDb.Total);

    public double ReadUnits => DynamoDb.ReadUnits / Messages;

    public double WriteUnits => DynamoDb.WriteUnits / Messages;

    public double Posts => PerMessage(ConnectionsApi.Count("POST") + ConnectionsApi.Count("POST 410"));

    public double LambdaInvocations => PerMessage(Invocations.Total);

    public bool AllDelivered => Deliveries == Messages * Members;
}
