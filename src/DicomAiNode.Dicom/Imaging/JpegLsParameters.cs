namespace DicomAiNode.Dicom.Imaging;

/// <summary>
/// The coding parameters of one JPEG-LS scan (ITU-T T.87 A.2.1, C.2.4.1.1): MAXVAL, the gradient thresholds T1–T3,
/// RESET and NEAR, with the derived RANGE, qbpp and LIMIT.
/// </summary>
internal readonly record struct JpegLsParameters(int MaxValue, int T1, int T2, int T3, int Reset, int Near)
{
    /// <summary>T.87 A.2.1: RANGE = floor((MAXVAL + 2·NEAR) / (2·NEAR + 1)) + 1.</summary>
    public int Range => ((MaxValue + (2 * Near)) / ((2 * Near) + 1)) + 1;

    /// <summary>T.87 A.2.1: qbpp = ceil(log2 RANGE).</summary>
    public int Qbpp => CeilLog2(Range);

    /// <summary>T.87 A.2.1: LIMIT = 2·(bpp + max(8, bpp)), bpp = max(2, ceil(log2(MAXVAL + 1))).</summary>
    public int Limit
    {
        get
        {
            int bpp = Math.Max(2, CeilLog2(MaxValue + 1));
            return 2 * (bpp + Math.Max(8, bpp));
        }
    }

    /// <summary>
    /// The parameters of a scan of precision <paramref name="precision"/> with <paramref name="near"/>: the preset values
    /// of an LSE segment (0 meaning "default") completed by the defaults of T.87 C.2.4.1.1.
    /// </summary>
    /// <exception cref="DicomPixelDataException">A preset value lies outside the range T.87 C.2.4.1.1 allows.</exception>
    public static JpegLsParameters Resolve(int precision, int near, int presetMaxValue, int presetT1, int presetT2, int presetT3, int presetReset)
    {
        int limitMaxValue = (1 << precision) - 1;
        int maxValue = presetMaxValue == 0 ? limitMaxValue : presetMaxValue;
        if (maxValue < 1 || maxValue > limitMaxValue)
        {
            throw new DicomPixelDataException($"MAXVAL {maxValue} does not fit precision P = {precision} (T.87 C.2.4.1.1)");
        }

        if (near < 0 || near > Math.Min(255, maxValue / 2))
        {
            throw new DicomPixelDataException($"NEAR {near} exceeds min(255, MAXVAL / 2) = {Math.Min(255, maxValue / 2)} (T.87 C.2.3)");
        }

        // C.2.4.1.1.1: default thresholds, scaled from the 8-bit ones by MAXVAL and widened by NEAR.
        int t1, t2, t3;
        if (maxValue >= 128)
        {
            int factor = (Math.Min(maxValue, 4095) + 128) / 256;
            t1 = Clamp((factor * (3 - 2)) + 2 + (3 * near), near + 1, maxValue);
            t2 = Clamp((factor * (7 - 3)) + 3 + (5 * near), t1, maxValue);
            t3 = Clamp((factor * (21 - 4)) + 4 + (7 * near), t2, maxValue);
        }
        else
        {
            int factor = 256 / (maxValue + 1);
            t1 = Clamp(Math.Max(2, (3 / factor) + (3 * near)), near + 1, maxValue);
            t2 = Clamp(Math.Max(3, (7 / factor) + (5 * near)), t1, maxValue);
            t3 = Clamp(Math.Max(4, (21 / factor) + (7 * near)), t2, maxValue);
        }

        t1 = presetT1 == 0 ? t1 : presetT1;
        t2 = presetT2 == 0 ? t2 : presetT2;
        t3 = presetT3 == 0 ? t3 : presetT3;
        int reset = presetReset == 0 ? 64 : presetReset;

        // C.2.4.1.1: NEAR + 1 <= T1 <= MAXVAL, T1 <= T2 <= MAXVAL, T2 <= T3 <= MAXVAL, 3 <= RESET <= max(255, MAXVAL).
        if (t1 < near + 1 || t1 > maxValue || t2 < t1 || t2 > maxValue || t3 < t2 || t3 > maxValue)
        {
            throw new DicomPixelDataException(
                $"thresholds T1 = {t1}, T2 = {t2}, T3 = {t3} are not ordered within NEAR + 1 = {near + 1} .. MAXVAL = {maxValue} (T.87 C.2.4.1.1)");
        }

        if (reset < 3 || reset > Math.Max(255, maxValue))
        {
            throw new DicomPixelDataException($"RESET {reset} lies outside 3 .. max(255, MAXVAL) (T.87 C.2.4.1.1)");
        }

        return new JpegLsParameters(maxValue, t1, t2, t3, reset, near);
    }

    /// <summary>C.2.4.1.1.1: CLAMP(i, j, MAXVAL) is j when i is above MAXVAL or below j, else i.</summary>
    private static int Clamp(int value, int low, int maxValue) => value > maxValue || value < low ? low : value;

    private static int CeilLog2(int value)
    {
        int bits = 0;
        while ((1 << bits) < value)
        {
            bits++;
        }

        return bits;
    }
}
