namespace Cobranza.Core.Interest;

/// <summary>The text format of a reference-rate file read by <see cref="ReferenceRateFile"/>.</summary>
public enum ReferenceRateFileFormat
{
    /// <summary>RFC 4180 CSV with a header row (<see cref="ReferenceRateFile.CsvHeader"/>), UTF-8.</summary>
    Csv = 0,

    /// <summary>JSON: an object with a <c>rows</c> array, or the array itself, UTF-8.</summary>
    Json = 1,
}
