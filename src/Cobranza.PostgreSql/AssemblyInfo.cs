using System.Runtime.CompilerServices;

// The figures harness seeds a million accounts with COPY and needs the stored JSON form of events.
[assembly: InternalsVisibleTo("Cobranza.PostgreSql.Benchmarks")]

// The round-trip properties of the stored event forms.
[assembly: InternalsVisibleTo("Cobranza.PostgreSql.Tests")]
