using System.Globalization;
using System.Text;

namespace ChatRoom.AwsCost;

/// <summary>The two Markdown tables: what was measured per message, and requests and dollars per 1,000 messages.</summary>
internal static class Report
{
    public static string Measured(IReadOnlyList<Measurement> measurements)
    {
        var text = new StringBuilder();
        text.AppendLine("| design | M | K | DynamoDB requests / message | by operation | RCU / message | WCU / message | @connections POST / message | Lambda invocations / message | delivered |");
        text.AppendLine("|---|--:|--:|--:|---|--:|--:|--:|--:|---|");
        foreach (var m in measurements)
        {
            var operations = string.Join(", ", m.DynamoDb.ByKind.Select(o => F($"{o.Key} {m.PerMessage(o.Value):0.##}")));
            text.AppendLine(F($"| {m.Design} | {m.Members:N0} | {m.Others:N0} | {m.DynamoDbRequests:0.##} | {operations} | {m.ReadUnits:0.##} | {m.WriteUnits:0.##} | {m.Posts:0.##} | {m.LambdaInvocations:0.##} | {(m.AllDelivered ? "all" : F($"{m.Deliveries} of {m.Messages * m.Members}"))} |"));
        }

        return text.ToString();
    }

    public static string Dollars(IReadOnlyList<CostRow> rows)
    {
        var text = new StringBuilder();
        text.AppendLine("| design | M | K | DynamoDB requests | RRU | WRU | API Gateway messages | DynamoDB $ | API Gateway $ | Lambda $ | total $ |");
        text.AppendLine("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
        foreach (var r in rows)
        {
            var k = r.Measured ? F($"{r.Others:N0}") : F($"{r.Others:N0}*");
            text.AppendLine(F($"| {r.Design} | {r.Members:N0} | {k} | {1000 * r.DynamoDbRequests:N0} | {1000 * r.ReadUnits:N0} | {1000 * r.WriteUnits:N0} | {1000 * r.ApiGatewayMessages:N0} | {Money(r.DynamoDbDollars)} | {Money(r.ApiGatewayDollars)} | {Money(r.LambdaDollars)} | {Money(r.TotalDollars)} |"));
        }

        return text.ToString();
    }

    private static string Money(double dollars) => dollars >= 1 ? F($"{dollars:N2}") : F($"{dollars:0.0000}");

    private static string F(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
