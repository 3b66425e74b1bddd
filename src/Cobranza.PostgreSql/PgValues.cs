using System;
using NodaTime;
using Npgsql;

namespace Cobranza.PostgreSql;

/// <summary>Exact conversions between domain values and PostgreSQL columns (no Npgsql plugin needed).</summary>
internal static class PgValues
{
    /// <summary>An instant as a UTC <see cref="DateTime"/> for a timestamptz parameter (PostgreSQL keeps microseconds).</summary>
    public static DateTime Timestamp(Instant instant) => instant.ToDateTimeUtc();

    /// <summary>
    /// A wake-up as a timestamptz parameter, rounded up to PostgreSQL's microsecond: a stored wake-up is never earlier
    /// than asked (an instant 100 ns after "now" must not be due "now").
    /// </summary>
    public static DateTime WakeUp(Instant instant)
    {
        var ticks = instant.ToUnixTimeTicks();
        var remainder = ticks % 10;
        if (remainder > 0)
        {
            ticks += 10 - remainder;
        }
        else if (remainder < 0)
        {
            ticks -= remainder;
        }

        return NodaTime.Instant.FromUnixTimeTicks(ticks).ToDateTimeUtc();
    }

    /// <summary>A query instant ("due at or before") as a timestamptz parameter, rounded down to the microsecond.</summary>
    public static DateTime DueBound(Instant instant)
    {
        var ticks = instant.ToUnixTimeTicks();
        var remainder = ticks % 10;
        if (remainder < 0)
        {
            remainder += 10;
        }

        return NodaTime.Instant.FromUnixTimeTicks(ticks - remainder).ToDateTimeUtc();
    }

    /// <summary>A timestamptz column as an instant.</summary>
    public static Instant Instant(NpgsqlDataReader reader, int ordinal)
        => NodaTime.Instant.FromDateTimeUtc(DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc));

    /// <summary>A nullable timestamptz column as an instant.</summary>
    public static Instant? NullableInstant(NpgsqlDataReader reader, int ordinal)
        => reader.IsDBNull(ordinal) ? null : Instant(reader, ordinal);

    /// <summary>A date as a <see cref="DateOnly"/> for a date parameter.</summary>
    public static DateOnly Date(LocalDate date) => new(date.Year, date.Month, date.Day);

    /// <summary>A date column as a local date.</summary>
    public static LocalDate LocalDate(NpgsqlDataReader reader, int ordinal)
    {
        var d = reader.GetFieldValue<DateOnly>(ordinal);
        return new LocalDate(d.Year, d.Month, d.Day);
    }

    /// <summary>A value or DBNull.</summary>
    public static object OrNull(object? value) => value ?? DBNull.Value;

    /// <summary>The stable partition hash as a bigint (0 … 2^32 − 1).</summary>
    public static long Hash(string accountId) => Cobranza.Core.Ports.Partition.StableHash(accountId);
}
