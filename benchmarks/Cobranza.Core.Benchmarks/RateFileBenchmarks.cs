using System.Collections.Generic;
using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Cobranza.Core.Interest;
using NodaTime;

namespace Cobranza.Core.Benchmarks;

/// <summary>
/// Loading a host's reference-rate file of 500 monthly rows (2000-01 .. 2041-08; synthetic values, quoted sources
/// with commas) from CSV (baseline) and JSON text, and combining the 500 rows with a built-in table
/// (issue 16 target: a 500-row file loads in at most 1 ms).
/// </summary>
[MemoryDiagnoser]
public class RateFileBenchmarks
{
    private const int Rows = 500;
    private readonly string _csv = Csv();
    private readonly string _json = Json();
    private readonly IReadOnlyList<ReferenceRate> _rows;
    private readonly ReferenceRateTable _ecb = ReferenceRateTables.EcbMainRefinancing;

    public RateFileBenchmarks() => _rows = ReferenceRateFile.ParseCsv(_csv);

    [Benchmark(Baseline = true)]
    public IReadOnlyList<ReferenceRate> ParseCsv_500Rows() => ReferenceRateFile.ParseCsv(_csv);

    [Benchmark]
    public IReadOnlyList<ReferenceRate> ParseJson_500Rows() => ReferenceRateFile.ParseJson(_json);

    [Benchmark]
    public ReferenceRateCombination Combine_500RowsWithEcbTable() => _ecb.Combine(_rows);

    private static IEnumerable<(LocalDate Start, LocalDate End, string Rate, string Source)> Data()
    {
        for (int i = 0; i < Rows; i++)
        {
            LocalDate start = new LocalDate(2000, 1, 1).PlusMonths(i);
            yield return (start, start.PlusMonths(1).PlusDays(-1), (10m + ((i % 97) / 100m)).ToString(CultureInfo.InvariantCulture), $"Resolución {1000 + i} de {start.Year}, certificación mensual");
        }
    }

    private static string Csv()
    {
        var text = new StringBuilder(ReferenceRateFile.CsvHeader).Append('\n');
        foreach (var (start, end, rate, source) in Data())
        {
            text.Append(CultureInfo.InvariantCulture, $"{start:uuuu-MM-dd},{end:uuuu-MM-dd},{rate},\"{source}\",verified\n");
        }

        return text.ToString();
    }

    private static string Json()
    {
        var text = new StringBuilder("{\"rows\":[");
        bool first = true;
        foreach (var (start, end, rate, source) in Data())
        {
            text.Append(first ? string.Empty : ",");
            text.Append(CultureInfo.InvariantCulture, $"{{\"start\":\"{start:uuuu-MM-dd}\",\"end\":\"{end:uuuu-MM-dd}\",\"ratePercent\":{rate},\"source\":\"{source}\",\"confidence\":\"verified\"}}");
            first = false;
        }

        return text.Append("]}").ToString();
    }
}
