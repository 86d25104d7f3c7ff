using static DicomAiNode.Dicom.Network.AssociationAction;
using static DicomAiNode.Dicom.Network.AssociationEvent;
using static DicomAiNode.Dicom.Network.AssociationState;

namespace DicomAiNode.Dicom.Network;

/// <summary>
/// PS3.8 Table 9-10, "DICOM Upper Layer Protocol State Transition Table", transcribed row by row (one row per event,
/// one column per state). A blank cell of the standard is absent here: that event cannot happen in that state.
/// </summary>
public static class StateTransitionTable
{
    private static readonly Dictionary<(AssociationEvent, AssociationState), AssociationAction> Cells = Build();

    /// <summary>The action the standard prescribes, or null for a blank cell.</summary>
    public static AssociationAction? Lookup(AssociationEvent evt, AssociationState state) =>
        Cells.TryGetValue((evt, state), out var action) ? action : null;

    /// <summary>Every non-blank cell of the table.</summary>
    public static IEnumerable<KeyValuePair<(AssociationEvent Event, AssociationState State), AssociationAction>> All => Cells;

    private static Dictionary<(AssociationEvent, AssociationState), AssociationAction> Build()
    {
        var t = new Dictionary<(AssociationEvent, AssociationState), AssociationAction>();
        void Row(AssociationEvent e, params (AssociationState S, AssociationAction A)[] cells)
        {
            foreach (var (s, a) in cells)
            {
                t.Add((e, s), a);
            }
        }

        // Received PDUs other than the one a state waits for: AA-1 in Sta2, AA-8 where an association (or its
        // negotiation) exists, AA-6 (ignore) or AA-7 in Sta13.
        (AssociationState, AssociationAction)[] Unexpected(AssociationAction sta13) =>
            [(Sta2, AA1), (Sta3, AA8), (Sta5, AA8), (Sta6, AA8), (Sta7, AA8), (Sta8, AA8), (Sta9, AA8), (Sta10, AA8), (Sta11, AA8), (Sta12, AA8), (Sta13, sta13)];

        Row(Evt1, (Sta1, AE1));
        Row(Evt2, (Sta4, AE2));
        Row(Evt3, Replace(Unexpected(AA6), Sta5, AE3));
        Row(Evt4, Replace(Unexpected(AA6), Sta5, AE4));
        Row(Evt5, (Sta1, AE5));
        Row(Evt6, Replace(Unexpected(AA7), Sta2, AE6));
        Row(Evt7, (Sta3, AE7));
        Row(Evt8, (Sta3, AE8));
        Row(Evt9, (Sta6, DT1), (Sta8, AR7));
        Row(Evt10, Replace(Replace(Unexpected(AA6), Sta6, DT2), Sta7, AR6));
        Row(Evt11, (Sta6, AR1));
        Row(Evt12, Replace(Replace(Unexpected(AA6), Sta6, AR2), Sta7, AR8));
        Row(Evt13, Replace(Replace(Replace(Unexpected(AA6), Sta7, AR3), Sta10, AR10), Sta11, AR3));
        Row(Evt14, (Sta8, AR4), (Sta9, AR9), (Sta12, AR4));
        Row(Evt15, (Sta3, AA1), (Sta4, AA2), (Sta5, AA1), (Sta6, AA1), (Sta7, AA1), (Sta8, AA1), (Sta9, AA1), (Sta10, AA1), (Sta11, AA1), (Sta12, AA1));
        Row(Evt16, (Sta2, AA2), (Sta3, AA3), (Sta5, AA3), (Sta6, AA3), (Sta7, AA3), (Sta8, AA3), (Sta9, AA3), (Sta10, AA3), (Sta11, AA3), (Sta12, AA3), (Sta13, AA2));
        Row(Evt17, (Sta2, AA5), (Sta3, AA4), (Sta4, AA4), (Sta5, AA4), (Sta6, AA4), (Sta7, AA4), (Sta8, AA4), (Sta9, AA4), (Sta10, AA4), (Sta11, AA4), (Sta12, AA4), (Sta13, AR5));
        Row(Evt18, (Sta2, AA2), (Sta13, AA2));
        Row(Evt19, Unexpected(AA7));
        return t;
    }

    private static (AssociationState, AssociationAction)[] Replace((AssociationState S, AssociationAction A)[] cells, AssociationState state, AssociationAction action) =>
        cells.Select(c => c.S == state ? (c.S, action) : c).ToArray();
}
