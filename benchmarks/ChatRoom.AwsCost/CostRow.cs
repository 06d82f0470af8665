namespace ChatRoom.AwsCost;

/// <summary>Requests and dollars per 1,000 messages for one design, room size and K.</summary>
/// <param name="Design">ChatRoom, Reference (Scan, rooms as a filter) or "Reference as published" (Scan, posts to everyone).</param>
/// <param name="Members">M.</param>
/// <param name="Others">K.</param>
/// <param name="Measured">Whether the per-message figures were measured at this K, or extrapolated from the largest K measured.</param>
/// <param name="DynamoDbRequests">DynamoDB requests per message.</param>
/// <param name="ReadUnits">Read request units per message.</param>
/// <param name="WriteUnits">Write request units per message.</param>
/// <param name="Posts"><c>@connections</c> posts per message.</param>
internal sealed record CostRow(string Design, int Members, int Others, bool Measured, double DynamoDbRequests, double ReadUnits, double WriteUnits, double Posts)
{
    private const double Thousand = 1_000;
    private const double Million = 1_000_000;

    /// <summary>Gets API Gateway messages per message: the sender's frame in, and one per post out (frames under 32 KB).</summary>
    public double ApiGatewayMessages => 1 + Posts;

    public double DynamoDbDollars => Thousand * ((ReadUnits * PriceList.DynamoDbReadPerMillion) + (WriteUnits * PriceList.DynamoDbWritePerMillion)) / Million;

    public double ApiGatewayDollars => Thousand * ApiGatewayMessages * PriceList.ApiGatewayMessagesPerMillion / Million;

    public double LambdaDollars => Thousand * ((PriceList.LambdaRequestsPerMillion / Million) + (PriceList.AssumedDurationSeconds(Posts) * PriceList.LambdaMemoryGb * PriceList.LambdaArmGbSecond));

    public double TotalDollars => DynamoDbDollars + ApiGatewayDollars + LambdaDollars;

    public static CostRow From(Measurement m) =>
        new(m.Design, m.Members, m.Others, true, m.DynamoDbRequests, m.ReadUnits, m.WriteUnits, m.Posts);

    /// <summary>
    /// Extrapolates a measurement to more connections elsewhere. ChatRoom: unchanged (its requests do not depend on K,
    /// which the measurements show). Reference: its Scan reads every item, so it needs one request per 1 MB page and
    /// consumes 0.5 RCU (eventually consistent) per 4 KB of all items, whatever the filter returns.
    /// </summary>
    public static CostRow Extrapolate(Measurement m, int others, double bytesPerItem)
    {
        if (m.Design == "ChatRoom")
        {
            return From(m) with { Others = others, Measured = false };
        }

        var (pages, readUnits) = ScanCost(m.Members + others, bytesPerItem);
        var otherRequests = m.DynamoDbRequests - (m.DynamoDb.Count("Scan") / (double)m.Messages);
        return new CostRow(m.Design, m.Members, others, false, pages + otherRequests, readUnits, m.WriteUnits, m.Posts);
    }

    /// <summary>A full Scan of <paramref name="items"/> items: pages of 1 MB, 0.5 RCU per 4 KB of each page.</summary>
    public static (double Pages, double ReadUnits) ScanCost(int items, double bytesPerItem)
    {
        const double Page = 1024 * 1024;
        var bytes = items * bytesPerItem;
        var pages = Math.Max(1, Math.Ceiling(bytes / Page));
        var fullPages = Math.Floor(bytes / Page);
        var readUnits = (fullPages * Math.Ceiling(Page / 4096)) + Math.Ceiling((bytes - (fullPages * Page)) / 4096);
        return (pages, 0.5 * readUnits);
    }

    /// <summary>The sample exactly as published has no rooms: it posts to every connection it scanned.</summary>
    public CostRow AsPublished() => this with { Design = "Reference as published", Posts = Members + Others };
}
